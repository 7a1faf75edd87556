namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>Sort direction of a sort field.</summary>
internal enum SortDirection
{
    /// <summary>"asc".</summary>
    Ascending,
    /// <summary>"desc".</summary>
    Descending,
}
