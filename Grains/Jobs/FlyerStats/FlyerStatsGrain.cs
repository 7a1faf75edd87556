namespace Kickstarter.Grains.Jobs.FlyerStats;

// The contracts are imported inside the namespace: here "FlyerStats" would otherwise name this namespace, not the
// contract record.
using Kickstarter.Grains.Epochs.Participant;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Epochs;
using Kickstarter.Grains.Interfaces.Grains;
using Microsoft.Extensions.Logging;

/// <summary>
/// One flyer (key: email address). Accumulates flights into one-minute event-time windows and, when the watermark
/// passes a window in which the flyer flew, owes the committer the flyer's cumulative stats at that window's end.
/// </summary>
[ImplicitStreamSubscription(Topics.Flight)]
public sealed partial class FlyerStatsGrain(
    [PersistentState("flyer", ProviderNames.PipelineStorage)] IPersistentState<FlyerState> state,
    EpochParticipants participants,
    ILogger<FlyerStatsGrain> logger)
    : JobGrain<FlyerState, FlightRecord>(state, participants, FlyerStatsJob.Definition), IFlyerStatsGrain
{
    protected override void Apply(FlightRecord record)
    {
        var current = State;
        var windowStart = TumblingWindows.StartOf(record.Source.TimestampMs);
        if (windowStart <= current.LastFiredWindowStart)
        {
            // Late: its window already fired. Count it in the next window to fire, so totals stay exact and no
            // window is emitted twice.
            current.LateFlights++;
            LogLate(logger, record.Source.Topic, record.Source.Partition, record.Source.Offset, record.Source.TimestampMs,
                current.LastFiredWindowStart);
            windowStart = current.LastFiredWindowStart + TumblingWindows.SizeMs;
        }

        if (!current.OpenWindows.TryGetValue(windowStart, out var totals))
        {
            current.OpenWindows[windowStart] = totals = new WindowTotals();
        }

        totals.DurationMinutes += FlightDuration.Minutes(record.Flight);
        totals.Flights++;
    }

    public async Task<FlyerStats?> GetStatsAsync()
    {
        await RefreshIfCleanAsync();
        var current = State;
        if (!current.Seen)
        {
            return null;
        }

        var duration = current.FiredDurationMinutes + current.OpenWindows.Values.Sum(window => window.DurationMinutes);
        var flights = current.FiredFlights + current.OpenWindows.Values.Sum(window => window.Flights);
        return new FlyerStats(this.GetPrimaryKeyString(), duration, flights);
    }

    protected override bool OnWatermark(long watermarkMs)
    {
        var current = State;
        var fired = false;
        while (current.OpenWindows.Count > 0)
        {
            var (start, totals) = current.OpenWindows.First();
            if (!TumblingWindows.CanFire(start, watermarkMs))
            {
                break;
            }

            current.OpenWindows.Remove(start);
            current.FiredDurationMinutes += totals.DurationMinutes;
            current.FiredFlights += totals.Flights;
            current.LastFiredWindowStart = start;
            current.Stats.Add(TumblingWindows.MaxTimestampOf(start),
                new FlyerStats(this.GetPrimaryKeyString(), current.FiredDurationMinutes, current.FiredFlights));
            fired = true;
        }

        return fired;
    }

    protected override EpochOutputs TakeOutputs(SnapshotRequest request, out bool changed)
    {
        var (stats, statsChanged) = State.Stats.Take(request, long.MaxValue);
        if (State.Stats.LastTakeFoundMissedEpochs > 0)
        {
            LogMissedEpochs(logger, State.Stats.LastTakeFoundMissedEpochs, request.Epoch, request.Ledger.PreviousPrepared);
        }

        changed = statsChanged;
        var outputs = new EpochOutputs();
        FlyerStatsJob.Stats.AddTo(outputs, stats);
        return outputs;
    }

    // Open windows are pending work too: the flyer must be asked again when the watermark moves.
    protected override bool OwesOutputs => State.Stats.Count > 0 || State.OpenWindows.Count > 0;

    protected override ReplayGuard Replay => State.Replay;

    protected override long LastSnapshotEpoch
    {
        get => State.LastSnapshotEpoch;
        set => State.LastSnapshotEpoch = value;
    }

    // A late flight is exact in the totals but merges two windows' emissions: worth seeing where it came from.
    [LoggerMessage(EventId = 140, Level = LogLevel.Information,
        Message = "Late flight at {Topic}/{Partition}@{Offset} (event time {TimestampMs}): its window fired already " +
            "(last fired window starts at {LastFired}); counted in the next window")]
    private static partial void LogLate(ILogger logger, string topic, int partition, long offset, long timestampMs, long lastFired);

    // Rows an abandoned epoch handed, found only epochs after a rewind (the ledger's remembered runs keep them).
    [LoggerMessage(EventId = 141, Level = LogLevel.Information,
        Message = "A flyer's {Rows} window results handed in an abandoned epoch below the previous prepared one " +
            "({PreviousPrepared}) are handed again in epoch {Epoch}: this grain missed epochs after a crash")]
    private static partial void LogMissedEpochs(ILogger logger, int rows, long epoch, long previousPrepared);
}
