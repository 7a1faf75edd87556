using Kickstarter.Benchmarks.Bare;
using Kickstarter.Benchmarks.Harness;

namespace Kickstarter.Benchmarks.Scenarios;

/// <summary>Scenarios 2 and the headline: the bare loop alone ("bare"), or pipeline then bare loop in one process on one cluster ("compare").</summary>
public static class CompareScenario
{
    public static async Task<Report> BareAsync(BenchSettings settings)
    {
        var report = new Report("bare", settings);
        using var kafka = BenchKafka.Start(settings.Partitions);
        BareRun.Describe(report, await BareRun.RunAsync(kafka, settings, "bare.", DateTimeOffset.UtcNow));
        return report;
    }

    public static async Task<Report> CompareAsync(BenchSettings settings)
    {
        var report = new Report("compare", settings);
        using var kafka = BenchKafka.Start(settings.Partitions);
        var pipeline = await PipelineScenario.RunAsync(kafka, settings, report);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var bare = await BareRun.RunAsync(kafka, settings, "bare.", DateTimeOffset.UtcNow);
        BareRun.Describe(report, bare);
        var endToEnd = pipeline.EndToEndEventsPerSecond / bare.EndToEndEventsPerSecond;
        var consolidator = pipeline.ConsolidatorEventsPerSecond / bare.ConsolidatorEventsPerSecond;
        var cpu = (pipeline.Usage.CpuSeconds / pipeline.Bookings) / (bare.Usage.CpuSeconds / bare.Bookings);
        report.Table("Headline: pipeline as a ratio of the bare loop (one run, one process, one cluster)", "figure", "pipeline", "bare", "ratio")
            .Add("end-to-end events/s (both apps committed)", pipeline.EndToEndEventsPerSecond, bare.EndToEndEventsPerSecond,
                endToEnd.ToString("P0", System.Globalization.CultureInfo.InvariantCulture))
            .Add("consolidator events/s", pipeline.ConsolidatorEventsPerSecond, bare.ConsolidatorEventsPerSecond,
                consolidator.ToString("P0", System.Globalization.CultureInfo.InvariantCulture))
            .Add("CPU µs per event", pipeline.Usage.CpuSeconds * 1e6 / pipeline.Bookings, bare.Usage.CpuSeconds * 1e6 / bare.Bookings,
                cpu.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + "x")
            .Add("peak working set (MiB)", pipeline.Usage.PeakWorkingSetMiB, bare.Usage.PeakWorkingSetMiB,
                (pipeline.Usage.PeakWorkingSetMiB / bare.Usage.PeakWorkingSetMiB)
                .ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + "x");
        report.Figures["headline_ratio_end_to_end"] = endToEnd;
        report.Figures["headline_ratio_consolidator"] = consolidator;
        report.Notes.Add(
            "The pipeline also writes four Iceberg tables (Parquet + manifests + metadata per epoch), snapshots grain state and holds " +
            "flights to the watermark; the bare loop writes Kafka only. Both commit only on the interval's tick, so each run's end is " +
            "quantised to CommitInterval.");
        return report;
    }
}
