namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>A sort order: an id and sort fields. Order id 0 is reserved for the unsorted order.</summary>
internal sealed record SortOrder(int OrderId, IReadOnlyList<SortField> Fields)
{
    /// <summary>The unsorted order (id 0, no fields).</summary>
    public static SortOrder Unsorted { get; } = new(0, []);
}
