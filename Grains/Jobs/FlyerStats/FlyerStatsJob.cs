namespace Kickstarter.Grains.Jobs.FlyerStats;

// The contracts are imported inside the namespace: here "FlyerStats" would otherwise name this namespace, not the
// contract record.
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Serialization;

/// <summary>
/// The Flyer Stats job: <c>airline.flight</c> into per-flyer cumulative stats, emitted at the end of every one-minute
/// event-time window into the <c>flyer_stats</c> table and <c>airline.flyer_stats</c>.
/// </summary>
public static class FlyerStatsJob
{
    /// <summary>Flyer stats at each window end, keyed by email on <c>airline.flyer_stats</c>.</summary>
    public static readonly JobOutput<FlyerStats> Stats = new(
        new OutputTable(Tables.FlyerStats, FlyerStatsTable.Schema, FlyerStatsTable.ByFlyerBucket(FlyerStatsTable.Schema)),
        FlyerStatsRows.ToRow,
        stats => stats.EmailAddress,
        new OutputTopic<FlyerStats>(Topics.FlyerStats, stats => stats.EmailAddress, AvroRecords.FlyerStats));

    /// <summary>The job.</summary>
    public static readonly JobDefinition Definition = new()
    {
        Name = "flyer-stats",
        SettingName = "FlyerStats",
        StreamProvider = ProviderNames.FlightStreams,
        SourceTopics = [Topics.Flight],
        DeserializerFor = serdes => new FlightDeserializer(serdes),
        GrainClass = typeof(FlyerStatsGrain),
        Outputs = [Stats],
    };
}
