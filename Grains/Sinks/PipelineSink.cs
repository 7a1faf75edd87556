using System.Collections.Concurrent;
using Kickstarter.Connectors.Iceberg;
using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Spec;
using Kickstarter.Connectors.Kafka.Producing;
using Kickstarter.Grains.Epochs;
using Kickstarter.Grains.Hosting;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kickstarter.Grains.Sinks;

/// <summary>
/// The pipeline's two-phase sink: Parquet data files plus a Kafka batch file at prepare; an Iceberg append per table
/// (skipped when the table's history already holds the epoch) and one Kafka transaction at commit.
/// </summary>
internal sealed partial class PipelineSink(
    IOptions<PipelineOptions> options,
    ILoggerFactory loggerFactory) : IJobSink, IDisposable
{
    /// <summary>Snapshot summary keys that make a commit recognisable after a crash.</summary>
    public const string EpochProperty = "kickstarter.epoch";
    public const string CommitterProperty = "kickstarter.committer";

    private readonly PipelineOptions _options = options.Value;
    private readonly ILogger _logger = loggerFactory.CreateLogger<PipelineSink>();
    private readonly ConcurrentDictionary<string, Lazy<Task<Table>>> _tables = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<TransactionalBatchProducer>>> _producers = new();
    private readonly StagingStore _staging = new(options.Value.Warehouse);
    private HadoopCatalog? _catalog;

    private HadoopCatalog Catalog => _catalog ??= new HadoopCatalog(new LocalFileIO(), LocalFileIO.ToLocation(_options.Warehouse));

    public async Task<PreparedEpoch> PrepareAsync(JobDefinition job, long epoch, EpochOutputs outputs, CancellationToken ct)
    {
        var prefix = $"{job.Name}-e{epoch:D10}";
        var manifest = new StagingManifest { Job = job.Name, Epoch = epoch };
        var kafka = new List<OutputRecord>();

        var flights = outputs.Flights.OrderBy(r => r.TimestampMs).ThenBy(r => r.Row.ConfirmationCode, StringComparer.Ordinal).ToList();
        var stats = outputs.FlyerStats.OrderBy(r => r.TimestampMs).ThenBy(r => r.Row.EmailAddress, StringComparer.Ordinal).ToList();
        await WriteTableAsync(manifest, Tables.SunsetAirline, SortBookings(outputs.SunsetBookings).Select(RowMapping.ToRow), prefix, ct);
        await WriteTableAsync(manifest, Tables.SkyOneAirline, SortBookings(outputs.SkyOneBookings).Select(RowMapping.ToRow), prefix, ct);
        await WriteTableAsync(manifest, Tables.Flight, flights.Select(f => RowMapping.ToRow(f.Row)), prefix, ct);
        await WriteTableAsync(manifest, Tables.FlyerStats, stats.Select(s => RowMapping.ToRow(s.Row)), prefix, ct);
        kafka.AddRange(flights.Select(f => new OutputRecord(Topics.Flight, f.Row.EmailAddress, PipelineJson.Serialize(f.Row), f.TimestampMs)));
        kafka.AddRange(stats.Select(s => new OutputRecord(Topics.FlyerStats, s.Row.EmailAddress, PipelineJson.Serialize(s.Row), s.TimestampMs)));

        manifest.KafkaRecords = kafka.Count;
        manifest.KafkaBatchPath = await _staging.WriteAsync(job.Name, epoch, "kafka", KafkaBatchFile.Write(kafka), ct);
        var manifestPath = await _staging.WriteAsync(job.Name, epoch, "json", StagingJson.Serialize(manifest), ct);
        return new PreparedEpoch(epoch, manifestPath, outputs.Count);
    }

    public async Task CommitAsync(JobDefinition job, PreparedEpoch prepared, bool recovering, CancellationToken ct)
    {
        var manifest = StagingJson.Deserialize(await _staging.ReadAsync(prepared.ManifestPath, ct));
        var epochText = prepared.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (tableName, files) in manifest.Tables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var table = await TableAsync(tableName, ct);
            // Checked against every base the optimistic retry loop reloads: a commit still in flight from a dead
            // activation and this one can race, and only one of them appends.
            var snapshot = await table.NewAppend()
                .AddFiles(files.Select(DataFileJson.FromDto))
                .Set(CommitterProperty, job.Name)
                .Set(EpochProperty, epochText)
                .CommitUnlessAsync(metadata => HasEpoch(metadata, job.Name, epochText), ct);
            if (snapshot is null)
            {
                LogAlreadyCommitted(job.Name, prepared.Epoch, tableName);
            }
        }

        if (manifest.KafkaRecords > 0)
        {
            var records = KafkaBatchFile.Read(await _staging.ReadAsync(manifest.KafkaBatchPath, ct));
            var producer = await ProducerAsync(job, ct);
            if (recovering && await producer.IsEpochCommittedAsync(job.Name, prepared.Epoch, records, ct))
            {
                LogKafkaAlreadyCommitted(job.Name, prepared.Epoch);
                return;
            }

            await producer.ProduceEpochAsync(job.Name, prepared.Epoch, records, ct);
        }
    }

    public async Task CleanupAsync(JobDefinition job, PreparedEpoch prepared, CancellationToken ct)
    {
        var manifest = StagingJson.Deserialize(await _staging.ReadAsync(prepared.ManifestPath, ct));
        _staging.Delete(manifest.KafkaBatchPath);
        _staging.Delete(prepared.ManifestPath);
    }

    public async Task MaintainAsync(JobDefinition job, CancellationToken ct)
    {
        foreach (var name in TablesOf(job))
        {
            var table = await TableAsync(name, ct);
            await table.RewriteSmallFilesAsync(TargetFileSize(table), ct);
            await table.ExpireSnapshotsAsync(DateTimeOffset.UtcNow - TimeSpan.FromHours(1), retainLast: 10, ct);
            // Files of a prepared epoch are younger than the cutoff, so an in-flight commit never loses them.
            await table.DeleteOrphanFilesAsync(DateTimeOffset.UtcNow - TimeSpan.FromHours(1), new HashSet<string>(), ct);
        }
    }

    private static bool HasEpoch(TableMetadata metadata, string job, string epoch) =>
        metadata.Snapshots.Any(s =>
            s.Summary.TryGetValue(CommitterProperty, out var c) && c == job &&
            s.Summary.TryGetValue(EpochProperty, out var e) && e == epoch);

    private static long TargetFileSize(Table table) =>
        table.Metadata.Properties.TryGetValue(TableProperties.TargetFileSizeBytes, out var text) && long.TryParse(text, out var size)
            ? size
            : TableProperties.TargetFileSizeBytesDefault;

    private static IEnumerable<string> TablesOf(JobDefinition job) =>
        job == Jobs.Consolidator ? [Tables.SunsetAirline, Tables.SkyOneAirline, Tables.Flight] : [Tables.FlyerStats];

    private static IEnumerable<AirlineBooking> SortBookings(IEnumerable<Timed<AirlineBooking>> bookings) =>
        bookings.OrderBy(b => b.TimestampMs).ThenBy(b => b.Row.ConfirmationCode, StringComparer.Ordinal).Select(b => b.Row);

    private async Task WriteTableAsync(StagingManifest manifest, string tableName, IEnumerable<object?[]> rows, string prefix, CancellationToken ct)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var table = await TableAsync(tableName, ct);
        var files = await table.WriteDataFilesAsync(list, prefix, ct);
        manifest.Tables[tableName] = [.. files.Select(DataFileJson.ToDto)];
    }

    /// <summary>The table, created on first use with its schema and partition spec.</summary>
    public Task<Table> TableAsync(string name, CancellationToken ct) =>
        _tables.GetOrAdd(name, n => new Lazy<Task<Table>>(() => CreateTableAsync(n))).Value.WaitAsync(ct);

    private async Task<Table> CreateTableAsync(string name)
    {
        var (_, schema, spec) = TableSchemas.All.Single(t => t.Name == name);
        var id = new TableIdentifier(Tables.Namespace.Split('.'), name);
        return await Catalog.CreateTableIfNotExistsAsync(id, schema, spec, properties: null, CancellationToken.None);
    }

    private Task<TransactionalBatchProducer> ProducerAsync(JobDefinition job, CancellationToken ct) =>
        _producers.GetOrAdd(job.Name, _ => new Lazy<Task<TransactionalBatchProducer>>(async () =>
        {
            var producer = new TransactionalBatchProducer(
                new TransactionalBatchProducerOptions
                {
                    BootstrapServers = _options.BootstrapServers,
                    TransactionalId = $"kickstarter-{job.Name}",
                    // zstd unless configured otherwise: the embedded cluster keeps only ~5 MB per partition.
                    ProducerProperties = new(_options.KafkaProperties.Prepend(new("compression.type", "zstd"))
                        .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value), StringComparer.Ordinal),
                },
                loggerFactory.CreateLogger<TransactionalBatchProducer>());
            await producer.InitializeAsync(CancellationToken.None);
            return producer;
        })).Value.WaitAsync(ct);

    public void Dispose()
    {
        foreach (var lazy in _producers.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                lazy.Value.Result.Dispose();
            }
        }
    }

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Committer {Job}: epoch {Epoch} is already committed in Kafka; not produced again")]
    private partial void LogKafkaAlreadyCommitted(string job, long epoch);

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Committer {Job}: epoch {Epoch} already in table {Table}; not appended again")]
    private partial void LogAlreadyCommitted(string job, long epoch, string table);
}
