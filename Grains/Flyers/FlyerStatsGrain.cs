using Kickstarter.Grains.Epochs;
using Kickstarter.Grains.Flights;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Epochs;
using Kickstarter.Grains.Interfaces.Grains;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Kickstarter.Grains.Flyers;

/// <summary>
/// One flyer (key: email address). Accumulates flights into one-minute event-time windows and, when the watermark
/// passes a window in which the flyer flew, owes the committer the flyer's cumulative stats at that window's end.
/// </summary>
[ImplicitStreamSubscription(Topics.Flight)]
public sealed class FlyerStatsGrain(
    [PersistentState("flyer", ProviderNames.PipelineStorage)] IPersistentState<FlyerState> state,
    EpochParticipants participants)
    : PipelineGrain<FlyerState>(state, participants, Jobs.FlyerStats), IFlyerStatsGrain, IAsyncBatchObserver<FlightRecord>
{
    public override Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<FlightRecord>().ResumeAsync(this);

    public Task OnNextAsync(IList<SequentialItem<FlightRecord>> items)
    {
        var s = State;
        foreach (var item in items)
        {
            var record = item.Item;
            if (!s.Replay.TryAccept(record.Source))
            {
                continue;
            }

            var windowStart = TumblingWindows.StartOf(record.Source.TimestampMs);
            if (windowStart <= s.LastFiredWindowStart)
            {
                // Late: its window already fired. Count it in the next window to fire, so totals stay exact and no
                // window is emitted twice.
                s.LateFlights++;
                windowStart = s.LastFiredWindowStart + TumblingWindows.SizeMs;
            }

            if (!s.OpenWindows.TryGetValue(windowStart, out var totals))
            {
                s.OpenWindows[windowStart] = totals = new WindowTotals();
            }

            totals.DurationMinutes += FlightMapper.DurationMinutes(record.Flight);
            totals.Flights++;
        }

        MarkTouched();
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public Task<FlyerStats?> GetStatsAsync()
    {
        var s = State;
        if (!s.Seen)
        {
            return Task.FromResult<FlyerStats?>(null);
        }

        var duration = s.FiredDurationMinutes + s.OpenWindows.Values.Sum(w => w.DurationMinutes);
        var flights = s.FiredFlights + s.OpenWindows.Values.Sum(w => w.Flights);
        return Task.FromResult<FlyerStats?>(new FlyerStats(this.GetPrimaryKeyString(), duration, flights));
    }

    protected override bool OnWatermark(long watermarkMs)
    {
        var s = State;
        var fired = false;
        while (s.OpenWindows.Count > 0)
        {
            var (start, totals) = s.OpenWindows.First();
            if (!TumblingWindows.CanFire(start, watermarkMs))
            {
                break;
            }

            s.OpenWindows.Remove(start);
            s.FiredDurationMinutes += totals.DurationMinutes;
            s.FiredFlights += totals.Flights;
            s.LastFiredWindowStart = start;
            s.Stats.Add(TumblingWindows.MaxTimestampOf(start),
                new FlyerStats(this.GetPrimaryKeyString(), s.FiredDurationMinutes, s.FiredFlights));
            fired = true;
        }

        return fired;
    }

    protected override EpochOutputs TakeOutputs(SnapshotRequest request, out bool changed)
    {
        var (stats, statsChanged) = State.Stats.Take(request, long.MaxValue);
        changed = statsChanged;
        return new EpochOutputs { FlyerStats = stats };
    }

    // Open windows are pending work too: the flyer must be asked again when the watermark moves.
    protected override bool OwesOutputs => State.Stats.Count > 0 || State.OpenWindows.Count > 0;

    protected override ReplayGuard Replay => State.Replay;

    protected override long LastSnapshotEpoch
    {
        get => State.LastSnapshotEpoch;
        set => State.LastSnapshotEpoch = value;
    }
}
