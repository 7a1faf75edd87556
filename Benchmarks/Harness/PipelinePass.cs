namespace Kickstarter.Benchmarks.Harness;

/// <summary>What one pass of the pipeline over a known input measured.</summary>
public sealed record PipelinePass(
    long Bookings,
    double ConsolidatorSeconds,
    double FlyerStatsSeconds,
    ResourceUsage Usage,
    LatencySummary FromBooking,
    LatencySummary FromWindowEnd,
    long LatencyMissing,
    long ConsolidatorRows,
    long FlyerStatsRows,
    long ConsolidatorEpochs,
    long FlyerStatsEpochs)
{
    /// <summary>Source events per second until every output of both apps was committed.</summary>
    public double EndToEndEventsPerSecond => Bookings / FlyerStatsSeconds;

    /// <summary>Source events per second until the consolidator's outputs were committed.</summary>
    public double ConsolidatorEventsPerSecond => Bookings / ConsolidatorSeconds;
}
