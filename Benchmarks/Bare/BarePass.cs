using Kickstarter.Benchmarks.Harness;

namespace Kickstarter.Benchmarks.Bare;

/// <summary>What the two bare apps measured over the same input.</summary>
public sealed record BarePass(
    long Bookings,
    double ConsolidatorSeconds,
    double ConsolidatorReachedEndSeconds,
    double FlyerStatsSeconds,
    double FlyerStatsReachedEndSeconds,
    ResourceUsage Usage,
    long FlightsProduced,
    long StatsProduced,
    int Transactions)
{
    public double EndToEndEventsPerSecond => Bookings / FlyerStatsSeconds;
    public double ConsolidatorEventsPerSecond => Bookings / ConsolidatorSeconds;
}
