namespace Kickstarter.Connectors.Iceberg.Catalog;

/// <summary>A catalog that stores namespaces and lists its contents (the DynamoDB and REST catalogs).</summary>
internal interface ISupportsNamespaces
{
    /// <summary>Creates a namespace with properties; false when it existed already (its properties are left as they are).</summary>
    Task<bool> CreateNamespaceIfNotExistsAsync(
        IReadOnlyList<string> @namespace, IReadOnlyDictionary<string, string>? properties, CancellationToken ct);

    /// <summary>The properties of a namespace; throws <see cref="NoSuchNamespaceException"/> when it does not exist.</summary>
    Task<IReadOnlyDictionary<string, string>> LoadNamespacePropertiesAsync(IReadOnlyList<string> @namespace, CancellationToken ct);

    /// <summary>
    /// Namespaces under <paramref name="parent"/>: the REST catalog returns the direct children (top-level ones for an
    /// empty parent); the DynamoDB catalog, like Iceberg's, every stored namespace below the parent at any depth.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<string>>> ListNamespacesAsync(IReadOnlyList<string> parent, CancellationToken ct);

    /// <summary>Tables in a namespace.</summary>
    Task<IReadOnlyList<TableIdentifier>> ListTablesAsync(IReadOnlyList<string> @namespace, CancellationToken ct);
}
