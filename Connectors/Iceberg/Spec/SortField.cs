namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>A sort field: source column, transform, direction and null order.</summary>
internal sealed record SortField(int SourceId, Transform Transform, SortDirection Direction, NullOrder NullOrder);
