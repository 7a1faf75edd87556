using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Catalog;

/// <summary>
/// A filesystem (Hadoop-layout) catalog: table <c>a.b.t</c> lives at <c>&lt;warehouse&gt;/a/b/t</c>, with
/// metadata under <c>metadata/</c> (v&lt;N&gt;.metadata.json, version-hint.text, manifests, manifest lists) and data
/// files under <c>data/</c>. Commits are exclusive creates of the next version file.
/// </summary>
public sealed class HadoopCatalog : ICatalog
{
    private readonly IFileIO _io;
    private readonly string _warehouse;
    private readonly TableEnvironment _environment;

    /// <summary>Creates a catalog on a warehouse root location (e.g. file:///data/warehouse).</summary>
    public HadoopCatalog(IFileIO io, string warehouseRoot)
        : this(io, warehouseRoot, environment: null)
    {
    }

    /// <summary>Creates a catalog whose clock and ids come from <paramref name="environment"/> (deterministic tests).</summary>
    internal HadoopCatalog(IFileIO io, string warehouseRoot, TableEnvironment? environment)
    {
        _io = io ?? throw new ArgumentNullException(nameof(io));
        if (!io.SupportsAtomicCreate)
        {
            // Two writers would both "create" v<N+1> and one commit would silently vanish.
            throw new ArgumentException(
                $"The Hadoop catalog commits by creating the next metadata file exclusively, which {io.GetType().Name} cannot do " +
                    "atomically " +
                $"(warehouse {warehouseRoot}); use a catalog with conditional updates (DynamoDB or REST) on this storage.", nameof(io));
        }
        _warehouse = string.IsNullOrWhiteSpace(warehouseRoot)
            ? throw new ArgumentException("warehouse root is required", nameof(warehouseRoot)) : warehouseRoot.TrimEnd('/');
        _environment = environment ?? TableEnvironment.Default;
    }

    /// <summary>The table's base location.</summary>
    public string TableLocation(TableIdentifier id) => $"{_warehouse}/{string.Join('/', id.Namespace)}/{id.Name}";

    /// <inheritdoc />
    public async Task<Table> CreateTableIfNotExistsAsync(TableIdentifier id, Schema schema, PartitionSpec spec,
        IReadOnlyDictionary<string, string>? properties, CancellationToken ct)
    {
        var ops = new HadoopTableOperations(_io, TableLocation(id));
        if (await ops.CurrentVersionAsync(ct).ConfigureAwait(false) == 0)
        {
            var metadata = TableMetadataBuilder.NewTable(schema, spec, ops.TableLocation, properties)
                .Build(_environment.Clock().ToUnixTimeMilliseconds());
            // Losing this race is fine: whoever created v1 first defines the table, and we load it below.
            await ops.TryCommitAsync(new TableMetadata { Location = ops.TableLocation }, metadata, ct).ConfigureAwait(false);
        }
        return await LoadTableAsync(id, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Table> LoadTableAsync(TableIdentifier id, CancellationToken ct)
    {
        var ops = new HadoopTableOperations(_io, TableLocation(id));
        var metadata = await ops.RefreshAsync(ct).ConfigureAwait(false);
        return new Table(id, ops, metadata, _environment);
    }

    /// <inheritdoc />
    public async Task<bool> TableExistsAsync(TableIdentifier id, CancellationToken ct) =>
        await new HadoopTableOperations(_io, TableLocation(id)).CurrentVersionAsync(ct).ConfigureAwait(false) > 0;
}
