using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Kickstarter.Benchmarks.Harness;

namespace Kickstarter.Benchmarks.Micro;

/// <summary>Scenario 5: BenchmarkDotNet over the hot paths, in process (short run job), summarised into the report.</summary>
public static class MicroScenario
{
    public static Report Run(BenchSettings settings)
    {
        var report = new Report("micro", settings);
        foreach (var key in report.Settings.Keys.ToList())
        {
            report.Settings.Remove(key);
        }

        report.Settings["job"] = "BenchmarkDotNet 0.15.8 ShortRun (3 warm-ups, 3 iterations), in-process emit toolchain, MemoryDiagnoser";
        var config = ManualConfig.CreateEmpty()
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var args = settings.Rest.Count == 0 ? ["--filter", "*"] : settings.Rest.ToArray();
        var summaries = BenchmarkSwitcher.FromTypes([typeof(RecordBenchmarks), typeof(ParquetBenchmarks)]).Run(args, config);
        var table = report.Table(
            "Micro-benchmarks (per operation; Parquet rows per row of a 20,000-row epoch)", "benchmark", "mean ns", "stderr ns",
            "allocated B/op", "ops/s");
        var raw = new List<object>();
        foreach (var summary in summaries)
        {
            foreach (var r in summary.Reports.Where(r => r.ResultStatistics is not null))
            {
                var name = $"{r.BenchmarkCase.Descriptor.Type.Name}.{r.BenchmarkCase.Descriptor.WorkloadMethod.Name}";
                var mean = r.ResultStatistics!.Mean;
                var allocated = r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0;
                table.Add(name, mean, r.ResultStatistics.StandardError, allocated, 1e9 / mean);
                raw.Add(new { name, mean_ns = mean, stderr_ns = r.ResultStatistics.StandardError, allocated_bytes = allocated });
            }
        }

        report.Figures["benchmarks"] = raw;
        return report;
    }
}
