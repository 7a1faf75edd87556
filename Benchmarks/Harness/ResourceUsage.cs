namespace Kickstarter.Benchmarks.Harness;

/// <summary>Wall seconds, CPU seconds (all threads, the in-process broker included), peak working set (MiB), gen-2 GCs.</summary>
public sealed record ResourceUsage(double WallSeconds, double CpuSeconds, double PeakWorkingSetMiB, int Gen2Collections)
{
    /// <summary>Average cores busy.</summary>
    public double CoresBusy => WallSeconds > 0 ? CpuSeconds / WallSeconds : 0;
}
