using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Catalog;

/// <summary>Finds, creates and commits tables. The filesystem (Hadoop) catalog now; a REST catalog fits the same shape.</summary>
public interface ICatalog
{
    /// <summary>Creates the table when it does not exist, else loads it (the existing schema and spec win).</summary>
    Task<Table> CreateTableIfNotExistsAsync(TableIdentifier id, Schema schema, PartitionSpec spec,
        IReadOnlyDictionary<string, string>? properties, CancellationToken ct);

    /// <summary>Loads the current version of a table; throws <see cref="NoSuchTableException"/> when there is none.</summary>
    Task<Table> LoadTableAsync(TableIdentifier id, CancellationToken ct);

    /// <summary>True when the table exists.</summary>
    Task<bool> TableExistsAsync(TableIdentifier id, CancellationToken ct);
}
