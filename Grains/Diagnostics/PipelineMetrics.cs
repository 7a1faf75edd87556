using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Kickstarter.Grains.Diagnostics;

/// <summary>
/// The jobs' instruments in the <c>Kickstarter</c> meter, by the names docs/metrics.md lists (the Grafana dashboard
/// and alerts query them): deliveries per grain type, the epoch's phases per job, what each table received.
/// </summary>
public static class PipelineMetrics
{
    /// <summary>The meter name; the Kafka stream provider and the generator record into the same name.</summary>
    public const string MeterName = "Kickstarter";

    private static readonly Meter Meter = new(MeterName);

    // Seconds from 5 ms to 2 min: a barrier is tens of ms, an epoch around its commit interval, a stuck one minutes.
    // Without advice the exporter's default buckets (0 to 10,000) are meant for milliseconds.
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    };

    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>(
        "kickstarter.deliveries", "{delivery}", "Batched stream deliveries to grains (one per key per poll).");

    private static readonly Counter<long> StaleActivations = Meter.CreateCounter<long>(
        "kickstarter.activations.refreshed", "{activation}",
        "Grain activations that found, before answering a query, a newer state another activation of the grain wrote.");

    private static readonly Histogram<double> EpochDuration = Meter.CreateHistogram<double>(
        "kickstarter.epoch.duration", "s", "Barrier to epoch marked complete, once per completed epoch.", tags: null, advice: Seconds);

    private static readonly Histogram<double> BarrierPause = Meter.CreateHistogram<double>(
        "kickstarter.barrier.pause", "s", "How long receivers handed out nothing for the epoch's barrier.", tags: null, advice: Seconds);

    private static readonly Histogram<double> Snapshot = Meter.CreateHistogram<double>(
        "kickstarter.snapshot", "s", "Grain snapshot fan-out of an epoch.", tags: null, advice: Seconds);

    private static readonly Histogram<double> KafkaTransaction = Meter.CreateHistogram<double>(
        "kickstarter.kafka.transaction", "s", "One epoch's Kafka transaction, begin to commit.", tags: null, advice: Seconds);

    private static readonly Counter<long> RowsCommitted = Meter.CreateCounter<long>(
        "kickstarter.rows.committed", "{row}", "Rows committed to an Iceberg table.");

    private static readonly Counter<long> FilesCommitted = Meter.CreateCounter<long>(
        "kickstarter.files.committed", "{file}", "Data files committed to an Iceberg table.");

    // "{byte}", not "By": the Prometheus exporter would append "_bytes" to a name that already says bytes.
    private static readonly Counter<long> BytesCommitted = Meter.CreateCounter<long>(
        "kickstarter.bytes.committed", "{byte}", "Bytes of data files committed to an Iceberg table.");

    public static void Delivered(string grainType) => Deliveries.Add(1, new KeyValuePair<string, object?>("grain_type", grainType));

    public static void StaleActivationRefreshed(string grainType) =>
        StaleActivations.Add(1, new KeyValuePair<string, object?>("grain_type", grainType));

    public static void EpochCompleted(string job, TimeSpan elapsed) => EpochDuration.Record(elapsed.TotalSeconds, Job(job));

    public static void BarrierPaused(string job, TimeSpan elapsed) => BarrierPause.Record(elapsed.TotalSeconds, Job(job));

    public static void Snapshotted(string job, TimeSpan elapsed) => Snapshot.Record(elapsed.TotalSeconds, Job(job));

    public static void KafkaTransactionDone(string job, TimeSpan elapsed) => KafkaTransaction.Record(elapsed.TotalSeconds, Job(job));

    public static void TableCommitted(string table, long rows, long files, long bytes)
    {
        var tag = new KeyValuePair<string, object?>("table", table);
        RowsCommitted.Add(rows, tag);
        FilesCommitted.Add(files, tag);
        BytesCommitted.Add(bytes, tag);
    }

    /// <summary>Elapsed time since a <see cref="Stopwatch.GetTimestamp"/>.</summary>
    public static TimeSpan Since(long timestamp) => Stopwatch.GetElapsedTime(timestamp);

    private static KeyValuePair<string, object?> Job(string job) => new("job", job);
}
