using System.Diagnostics;
using Kickstarter.Benchmarks.Harness;

namespace Kickstarter.Benchmarks.Scenarios;

/// <summary>
/// Scenario 3: a pool of 1,000,000 flyers (most seen once or twice), so Flyer Stats activates a grain and registers a
/// stream per new flyer. Pass 1 measures that; then the silo is left idle until the grain collector (short
/// CollectionAge) has deactivated the idle grains; pass 2 sends as many bookings again over the same pool, so most
/// flyers are reactivated from storage.
/// </summary>
public static class ScaleScenario
{
    public static async Task<Report> MainAsync(BenchSettings settings)
    {
        var report = new Report("scale", settings);
        report.Settings["collection_age_s"] = settings.CollectionAge.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var kafka = BenchKafka.Start(settings.Partitions);
        await using var session = new PipelineSession(kafka, settings, DateTimeOffset.UtcNow, settings.CollectionAge);
        var half = settings.Bookings / 2;

        var preload = session.Source.Preload(half);
        Console.WriteLine($"scale: preloaded {session.Source.Produced.Count:N0} bookings in {preload:F1} s; pass 1");
        var pass1 = await session.MeasureAsync(firstBooking: 0);
        var activeAfter1 = await session.Host!.ActivationCountAsync();
        var flyers1 = session.Source.SnapshotProduced().Select(b => b.Flyer).Distinct().Count();
        Console.WriteLine($"scale: pass 1 done, {activeAfter1:N0} activations; waiting for the collector");

        var idle = Stopwatch.StartNew();
        var limit = settings.CollectionAge * 4 + TimeSpan.FromSeconds(60);
        var active = activeAfter1;
        while (idle.Elapsed < limit && active > activeAfter1 / 20)
        {
            await Task.Delay(2000);
            active = await session.Host.ActivationCountAsync();
        }

        var idleSeconds = idle.Elapsed.TotalSeconds;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var process = Process.GetCurrentProcess();
        var idleWorkingSet = process.WorkingSet64 / 1024.0 / 1024.0;
        var idleHeap = GC.GetTotalMemory(forceFullCollection: false) / 1024.0 / 1024.0;
        Console.WriteLine($"scale: {active:N0} activations after {idleSeconds:F0} s idle; pass 2");

        var table = report.Table(
            "Scale of state: 1,000,000-flyer pool", "pass", "bookings", "distinct flyers", "end-to-end events/s", "consolidator events/s",
            "flyer stats done (s)", "CPU s", "peak working set MiB", "activations after")
            .Add("1: first activation of every flyer", pass1.Bookings, flyers1, pass1.EndToEndEventsPerSecond,
                pass1.ConsolidatorEventsPerSecond, pass1.FlyerStatsSeconds, pass1.Usage.CpuSeconds, pass1.Usage.PeakWorkingSetMiB,
                activeAfter1);
        PipelineSession.Describe(report, "scale pass 1", pass1, session.StartupSeconds);

        var first = session.Source.Produced.Count;
        PipelinePass? pass2 = null;
        try
        {
            pass2 = await session.MeasureAsync(first, () => Task.Run(() => session.Source.Preload(half)));
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            report.Notes.Add($"Pass 2 did not finish: {ex.GetType().Name}: {ex.Message}");
        }

        var activeAfter2 = await session.Host.ActivationCountAsync();
        var flyers2 = session.Source.SnapshotProduced().Skip(first).Select(b => b.Flyer).Distinct().Count();
        if (pass2 is not null)
        {
            table.Add("2: after deactivation (reactivation from storage); preload runs during the pass", pass2.Bookings, flyers2,
                pass2.EndToEndEventsPerSecond, pass2.ConsolidatorEventsPerSecond, pass2.FlyerStatsSeconds, pass2.Usage.CpuSeconds,
                pass2.Usage.PeakWorkingSetMiB, activeAfter2);
            PipelineSession.Describe(report, "scale pass 2", pass2, 0);
        }

        report.Table("Idle between the passes", "figure", "value")
            .Add("seconds until ≤ 5% of the activations were left (or the limit)", idleSeconds)
            .Add("activations left", active)
            .Add("working set after a full GC (MiB)", idleWorkingSet)
            .Add("managed heap after a full GC (MiB)", idleHeap);
        report.Figures["idle"] = new { idleSeconds, active, activeAfter1, activeAfter2, idleWorkingSet, idleHeap };
        report.Notes.Add(
            "Memory grain storage keeps every deactivated grain's state in the silo's memory, so deactivation frees activations and " +
            "stream registrations, not the state itself.");
        return report;
    }
}
