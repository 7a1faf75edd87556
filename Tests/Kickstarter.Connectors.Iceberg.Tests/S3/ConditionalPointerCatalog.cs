using System.Globalization;
using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Json;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Tests.S3;

/// <summary>
/// The smallest catalog with conditional updates, for tables on S3: the current metadata location of one table is a
/// pointer swapped by compare-and-set (in memory here; a DynamoDB conditional write or a REST catalog in production).
/// Each version is a new, uniquely named object (<c>metadata/&lt;N&gt;-&lt;uuid&gt;.metadata.json</c>), so no write ever
/// needs an exclusive create: the pointer swap alone decides which writer won.
/// </summary>
internal sealed class ConditionalPointerCatalog(IFileIO io, string tableLocation)
{
    private readonly object _lock = new();
    private string? _current;

    /// <summary>The metadata file the pointer names, null before the table exists.</summary>
    public string? CurrentMetadataLocation
    {
        get { lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Creates the table (its first metadata version) and returns it.</summary>
    public async Task<Table> CreateTableAsync(TableIdentifier id, Schema schema, PartitionSpec spec, IReadOnlyDictionary<string, string>? properties)
    {
        var ops = new Operations(this);
        var metadata = TableMetadataBuilder.NewTable(schema, spec, tableLocation, properties).Build(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var created = await ops.TryCommitAsync(new TableMetadata { Location = tableLocation }, metadata, CancellationToken.None)
            ?? throw new InvalidOperationException("the table exists already");
        return new Table(id, ops, created, TableEnvironment.Default);
    }

    /// <summary>Loads the current version, as another process would.</summary>
    public async Task<Table> LoadTableAsync(TableIdentifier id)
    {
        var ops = new Operations(this);
        return new Table(id, ops, await ops.RefreshAsync(CancellationToken.None), TableEnvironment.Default);
    }

    private sealed class Operations(ConditionalPointerCatalog catalog) : ITableOperations
    {
        public IFileIO Io => catalog.IoOf();

        public async Task<TableMetadata> RefreshAsync(CancellationToken ct)
        {
            var location = catalog.CurrentMetadataLocation ?? throw new NoSuchTableException($"no table at {catalog.TableLocationOf()}");
            return TableMetadataJson.Parse(await Io.ReadAsync(location, ct), location);
        }

        public async Task<TableMetadata?> TryCommitAsync(TableMetadata @base, TableMetadata updated, CancellationToken ct)
        {
            var version = catalog.NextAttempt();
            var location = MetadataFileLocation(updated, string.Create(CultureInfo.InvariantCulture, $"{version:D5}-{Guid.NewGuid()}.metadata.json"));
            var bytes = TableMetadataJson.Serialize(updated);
            await Io.WriteAsync(location, bytes, ct);
            if (!catalog.CompareAndSet(@base.MetadataFileLocation, location))
            {
                // Lost: the version file is referenced by nothing.
                await Io.DeleteAsync(location, ct);
                return null;
            }
            return TableMetadataJson.Parse(bytes, location);
        }

        public string MetadataFileLocation(TableMetadata metadata, string fileName) => $"{catalog.TableLocationOf()}/metadata/{fileName}";
    }

    private int _attempts;

    private int NextAttempt() => Interlocked.Increment(ref _attempts);

    private IFileIO IoOf() => io;

    private string TableLocationOf() => tableLocation;

    private bool CompareAndSet(string? expected, string next)
    {
        lock (_lock)
        {
            if (!string.Equals(_current, expected, StringComparison.Ordinal))
            {
                return false;
            }

            _current = next;
            return true;
        }
    }
}
