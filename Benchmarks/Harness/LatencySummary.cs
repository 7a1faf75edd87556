namespace Kickstarter.Benchmarks.Harness;

/// <summary>Nearest-rank percentiles of a set of millisecond latencies.</summary>
public sealed record LatencySummary(long Count, double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MinMs)
{
    public static LatencySummary Of(List<long> values)
    {
        if (values.Count == 0)
        {
            return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        values.Sort();
        double At(double p) => values[Math.Clamp((int)Math.Ceiling(p * values.Count) - 1, 0, values.Count - 1)];
        return new LatencySummary(values.Count, At(0.50), At(0.90), At(0.99), values[^1], values[0]);
    }
}
