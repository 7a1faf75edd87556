using System.Diagnostics;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.Silo.Generator;

namespace Kickstarter.Benchmarks.Harness;

/// <summary>
/// The pipeline on the embedded cluster: topics, the fixed-seed booking source, the latency probe, a warehouse in a
/// temporary folder and the silo. Mirrors the integration tests' PipelineCluster, with one in-process silo.
/// </summary>
public sealed class PipelineSession : IAsyncDisposable
{
    private readonly BenchKafka _kafka;
    private readonly BenchSettings _settings;
    private readonly TimeSpan? _collectionAge;
    private readonly string _warehouse = Path.Combine(Path.GetTempPath(), "kickstarter-bench-" + Guid.NewGuid().ToString("N"));
    private long _consolidatorEpochs;
    private long _flyerStatsEpochs;
    private long _flyerStatsRows;
    private long _consolidatorRows;

    public PipelineSession(
        BenchKafka kafka, BenchSettings settings, DateTimeOffset eventStart, TimeSpan? collectionAge = null, double? ratePerAirline = null)
    {
        _kafka = kafka;
        _settings = settings;
        _collectionAge = collectionAge;
        kafka.Create(TopicSet.Pipeline);
        Directory.CreateDirectory(_warehouse);
        var pool = BookingGenerator.CreateFlyerPool(settings.Seed, settings.Flyers);
        var rate = ratePerAirline ?? settings.EventRatePerAirline;
        Source = new BookingSource(kafka, TopicSet.Pipeline, settings.Seed, pool, eventStart, rate);
        Probe = new LatencyProbe(kafka, Topics.FlyerStats);
    }

    public BookingSource Source { get; }
    public LatencyProbe Probe { get; }
    public PipelineHost? Host { get; private set; }

    /// <summary>Seconds the silo took to start (both committers started).</summary>
    public double StartupSeconds { get; private set; }

    public async Task StartHostAsync()
    {
        var clock = Stopwatch.StartNew();
        Host = await PipelineHost.StartAsync(_kafka, _warehouse, _settings, _collectionAge);
        StartupSeconds = clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Measures one pass: (starts the silo if needed,) waits until the consolidator has committed everything now in the
    /// airline topics, then Flyer Stats everything then in the flight topic, then reads the latency of the bookings
    /// produced since <paramref name="firstBooking"/>.
    /// </summary>
    public async Task<PipelinePass> MeasureAsync(int firstBooking, Func<Task>? whileRunning = null)
    {
        var meter = new ResourceMeter();
        var started = Stopwatch.StartNew();
        if (Host is null)
        {
            await StartHostAsync();
        }

        var running = whileRunning?.Invoke() ?? Task.CompletedTask;
        await running;
        var sources = _kafka.ReadFloors([Topics.Sunset, Topics.SkyOne], transactional: false);
        var consolidator = await Host!.WaitUntilCommittedAsync(ConsolidatorJob.Definition, sources, _settings.Timeout);
        var consolidatorSeconds = started.Elapsed.TotalSeconds;
        var flights = _kafka.ReadFloors([Topics.Flight], transactional: true);
        var flyerStats = await Host.WaitUntilCommittedAsync(FlyerStatsJob.Definition, flights, _settings.Timeout);
        var flyerStatsSeconds = started.Elapsed.TotalSeconds;
        var usage = meter.Stop();

        var newStatsRows = flyerStats.RowsCommitted - _flyerStatsRows;
        if (!await Probe.WaitForAsync(flyerStats.RowsCommitted, TimeSpan.FromSeconds(60)))
        {
            Console.Error.WriteLine($"warning: the probe saw {Probe.Records:N0} of {flyerStats.RowsCommitted:N0} flyer stats records");
        }

        var produced = Source.SnapshotProduced();
        var (fromBooking, fromWindowEnd, missing) = Probe.Latencies(Source.Pool, produced.Skip(firstBooking));
        var pass = new PipelinePass(
            produced.Count - firstBooking, consolidatorSeconds, flyerStatsSeconds, usage,
            LatencySummary.Of(fromBooking), LatencySummary.Of(fromWindowEnd), missing,
            consolidator.RowsCommitted - _consolidatorRows, newStatsRows,
            consolidator.LastCompletedEpoch - _consolidatorEpochs, flyerStats.LastCompletedEpoch - _flyerStatsEpochs);
        _consolidatorRows = consolidator.RowsCommitted;
        _flyerStatsRows = flyerStats.RowsCommitted;
        _consolidatorEpochs = consolidator.LastCompletedEpoch;
        _flyerStatsEpochs = flyerStats.LastCompletedEpoch;
        return pass;
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        Probe.Dispose();
        Source.Dispose();
        try
        {
            Directory.Delete(_warehouse, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Adds the rows describing <paramref name="pass"/> to the standard tables of <paramref name="report"/>.</summary>
    public static void Describe(Report report, string label, PipelinePass pass, double startupSeconds)
    {
        report.Table($"Throughput ({label})", "figure", "value")
            .Add("source events (bookings)", pass.Bookings)
            .Add("silo start-up (s, included below)", startupSeconds)
            .Add("consolidator: all outputs committed (s)", pass.ConsolidatorSeconds)
            .Add("flyer stats: all outputs committed (s)", pass.FlyerStatsSeconds)
            .Add("consolidator events/s", pass.ConsolidatorEventsPerSecond)
            .Add("end-to-end events/s (both apps committed)", pass.EndToEndEventsPerSecond)
            .Add("end-to-end events/s per core", pass.EndToEndEventsPerSecond / Environment.ProcessorCount)
            .Add("epochs (consolidator / flyer stats)", $"{pass.ConsolidatorEpochs} / {pass.FlyerStatsEpochs}")
            .Add("rows committed (consolidator / flyer stats)", $"{pass.ConsolidatorRows:N0} / {pass.FlyerStatsRows:N0}");
        report.Table($"Resources ({label})", "figure", "value")
            .Add("CPU seconds (whole process, broker included)", pass.Usage.CpuSeconds)
            .Add("cores busy on average", pass.Usage.CoresBusy)
            .Add("CPU µs per source event", pass.Usage.CpuSeconds * 1e6 / pass.Bookings)
            .Add("peak working set (MiB)", pass.Usage.PeakWorkingSetMiB)
            .Add("gen-2 GCs", pass.Usage.Gen2Collections);
        var fromBooking = pass.FromBooking;
        var fromWindowEnd = pass.FromWindowEnd;
        report.Table($"Latency, booking Kafka timestamp → flyer stats visible read_committed ({label})",
                "measure", "bookings", "p50 ms", "p90 ms", "p99 ms", "max ms")
            .Add("from booking timestamp",
                fromBooking.Count, fromBooking.P50Ms, fromBooking.P90Ms, fromBooking.P99Ms, fromBooking.MaxMs)
            .Add("from end of its 1-minute window",
                fromWindowEnd.Count, fromWindowEnd.P50Ms, fromWindowEnd.P90Ms, fromWindowEnd.P99Ms, fromWindowEnd.MaxMs);
        report.Figures[label] = pass;
    }
}
