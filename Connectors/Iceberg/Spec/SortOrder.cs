namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>Sort direction of a sort field.</summary>
internal enum SortDirection
{
    /// <summary>"asc".</summary>
    Ascending,
    /// <summary>"desc".</summary>
    Descending,
}

/// <summary>Null placement of a sort field.</summary>
internal enum NullOrder
{
    /// <summary>"nulls-first".</summary>
    NullsFirst,
    /// <summary>"nulls-last".</summary>
    NullsLast,
}

/// <summary>A sort field: source column, transform, direction and null order.</summary>
internal sealed record SortField(int SourceId, Transform Transform, SortDirection Direction, NullOrder NullOrder);

/// <summary>A sort order: an id and sort fields. Order id 0 is reserved for the unsorted order.</summary>
internal sealed record SortOrder(int OrderId, IReadOnlyList<SortField> Fields)
{
    /// <summary>The unsorted order (id 0, no fields).</summary>
    public static SortOrder Unsorted { get; } = new(0, []);
}
