using Kickstarter.Benchmarks.Harness;

namespace Kickstarter.Benchmarks.Scenarios;

/// <summary>Scenario 1: preload N bookings, start the silo, measure until both apps have committed everything.</summary>
public static class PipelineScenario
{
    public static async Task<PipelinePass> RunAsync(BenchKafka kafka, BenchSettings settings, Report report)
    {
        await using var session = new PipelineSession(kafka, settings, DateTimeOffset.UtcNow);
        var preload = session.Source.Preload(settings.Bookings / 2);
        Console.WriteLine($"pipeline: preloaded {session.Source.Produced.Count:N0} bookings in {preload:F1} s; starting the silo");
        var pass = await session.MeasureAsync(firstBooking: 0);
        PipelineSession.Describe(report, "pipeline", pass, session.StartupSeconds);
        report.Figures["preload_seconds"] = preload;
        return pass;
    }

    public static async Task<Report> MainAsync(BenchSettings settings)
    {
        var report = new Report("pipeline", settings);
        using var kafka = BenchKafka.Start(settings.Partitions);
        await RunAsync(kafka, settings, report);
        report.Notes.Add(
            "With a preload the latency is dominated by the backlog and by the one-minute event-time windows; see the live scenario for " +
            "latency at a steady rate.");
        return report;
    }
}
