using Confluent.Kafka;
using Kickstarter.Benchmarks.Harness;
using Kickstarter.Silo.Generator;

namespace Kickstarter.Benchmarks.Bare;

/// <summary>Runs both bare apps at once (as the pipeline runs both jobs at once) on prefixed topics of the same cluster.</summary>
public static class BareRun
{
    public static async Task<BarePass> RunAsync(BenchKafka kafka, BenchSettings settings, string prefix, DateTimeOffset eventStart)
    {
        var topics = TopicSet.Prefixed(prefix);
        kafka.Create(topics);
        var pool = BookingGenerator.CreateFlyerPool(settings.Seed, settings.Flyers);
        using var source = new BookingSource(kafka, topics, settings.Seed, pool, eventStart, settings.EventRatePerAirline);
        var preload = source.Preload(settings.Bookings / 2);
        Console.WriteLine($"bare: preloaded {source.Produced.Count:N0} bookings in {preload:F1} s");

        using var cts = new CancellationTokenSource(settings.Timeout);
        var meter = new ResourceMeter();
        var consolidator = new BareConsolidator(kafka, topics, settings.CommitInterval);
        var flyerStats = new BareFlyerStats(kafka, topics, settings.CommitInterval);
        var consolidatorTask = Task.Factory.StartNew(
            () => consolidator.Run(Task.CompletedTask, () => Floors(kafka, [topics.Sunset, topics.SkyOne], false), cts.Token),
            cts.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var flyerStatsTask = Task.Factory.StartNew(
            () => flyerStats.Run(consolidatorTask, () => Floors(kafka, [topics.Flight], true), cts.Token),
            cts.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.WhenAll(consolidatorTask, flyerStatsTask);
        var usage = meter.Stop();
        return new BarePass(source.Produced.Count, consolidator.Seconds, consolidator.ReachedEndSeconds, flyerStats.Seconds,
            flyerStats.ReachedEndSeconds, usage, consolidator.Produced, flyerStats.Produced,
            consolidator.Transactions + flyerStats.Transactions);
    }

    public static void Describe(Report report, BarePass pass)
    {
        report.Table("Bare Confluent.Kafka loop (same input, same cluster, same commit interval)", "figure", "value")
            .Add("source events (bookings)", pass.Bookings)
            .Add("consolidator: input read (s)", pass.ConsolidatorReachedEndSeconds)
            .Add("consolidator: all outputs committed (s)", pass.ConsolidatorSeconds)
            .Add("flyer stats: input read (s)", pass.FlyerStatsReachedEndSeconds)
            .Add("flyer stats: all outputs committed (s)", pass.FlyerStatsSeconds)
            .Add("consolidator events/s", pass.ConsolidatorEventsPerSecond)
            .Add("end-to-end events/s (both apps committed)", pass.EndToEndEventsPerSecond)
            .Add("flights / stats produced", $"{pass.FlightsProduced:N0} / {pass.StatsProduced:N0}")
            .Add("transactions", pass.Transactions)
            .Add("CPU seconds", pass.Usage.CpuSeconds)
            .Add("CPU µs per source event", pass.Usage.CpuSeconds * 1e6 / pass.Bookings)
            .Add("peak working set (MiB)", pass.Usage.PeakWorkingSetMiB);
        report.Figures["bare"] = pass;
    }

    private static Dictionary<TopicPartition, long> Floors(BenchKafka kafka, string[] topics, bool transactional) =>
        kafka.ReadFloors(topics, transactional).ToDictionary(kv => new TopicPartition(kv.Key.Topic, kv.Key.Partition), kv => kv.Value);
}
