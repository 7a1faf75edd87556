namespace Kickstarter.Grains.Jobs.FlyerStats;

// The contracts are imported inside the namespace: here "FlyerStats" would otherwise name this namespace, not the
// contract record.
using Kickstarter.Grains.Epochs.Participant;
using Kickstarter.Grains.Interfaces.Contracts;

/// <summary>Durable state of one flyer grain.</summary>
[GenerateSerializer]
public sealed class FlyerState
{
    /// <summary>Flight time of every window already fired, in minutes.</summary>
    [Id(0)] public long FiredDurationMinutes { get; set; }
    [Id(1)] public long FiredFlights { get; set; }

    /// <summary>Windows not yet fired, by window start (Unix ms).</summary>
    [Id(2)] public SortedDictionary<long, WindowTotals> OpenWindows { get; set; } = [];

    /// <summary>Start of the last window fired, or long.MinValue.</summary>
    [Id(3)] public long LastFiredWindowStart { get; set; } = long.MinValue;
    [Id(4)] public ReplayGuard Replay { get; set; } = new();
    [Id(5)] public Outbox<FlyerStats> Stats { get; set; } = new();
    [Id(6)] public long LastSnapshotEpoch { get; set; }
    [Id(7)] public long LateFlights { get; set; }

    public bool Seen => FiredFlights > 0 || OpenWindows.Count > 0;
}
