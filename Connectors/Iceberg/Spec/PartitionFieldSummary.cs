namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>Summary of one partition field over all files of a manifest (the spec's field_summary).</summary>
internal sealed record PartitionFieldSummary(bool ContainsNull, bool? ContainsNan, byte[]? LowerBound, byte[]? UpperBound);
