using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Grains.Jobs.FlyerStats;

/// <summary>Iceberg schema and partition spec of <c>flyer_stats</c>; field ids are fixed here and never reused.</summary>
/// <remarks>Partitioned by <c>bucket(16, email_address)</c>, so lookups of one flyer read one sixteenth of the files.</remarks>
public static class FlyerStatsTable
{
    /// <summary>Schema of <c>flyer_stats</c>.</summary>
    public static readonly Schema Schema = new(
        NestedField.RequiredField(1, "email_address", IcebergType.String),
        NestedField.RequiredField(2, "total_flight_duration", IcebergType.Long),
        NestedField.RequiredField(3, "number_of_flights", IcebergType.Long));

    /// <summary>Sixteen buckets of the email address.</summary>
    public static PartitionSpec ByFlyerBucket(Schema schema) =>
        PartitionSpec.BuilderFor(schema).Bucket("email_address", 16).Build();
}
