namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>Null placement of a sort field.</summary>
internal enum NullOrder
{
    /// <summary>"nulls-first".</summary>
    NullsFirst,
    /// <summary>"nulls-last".</summary>
    NullsLast,
}
