using System.Globalization;
using Kickstarter.Connectors.Iceberg.Spec;
using Kickstarter.Connectors.Kafka.Options;
using Kickstarter.Connectors.Kafka.Producing;
using Kickstarter.Grains.Diagnostics;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Hosting;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kickstarter.Grains.Sinks;

/// <summary>
/// The jobs' two-phase sink: at prepare, Parquet data files per output table plus a Kafka batch file, as the job's
/// outputs define them; at commit, an Iceberg append per table (skipped when the table's history already holds the
/// epoch) and one Kafka transaction.
/// </summary>
internal sealed partial class JobSink(
    IOptions<JobsOptions> options, JobWarehouse warehouse, PipelineSerdes serdes, ILoggerFactory loggerFactory,
    IKafkaCredentialSource? credentials = null)
    : IJobSink, IDisposable
{
    /// <summary>Snapshot summary keys that make a commit recognisable after a crash.</summary>
    public const string EpochProperty = "kickstarter.epoch";
    public const string CommitterProperty = "kickstarter.committer";

    private readonly ILogger _logger = loggerFactory.CreateLogger<JobSink>();
    private readonly JobTables _tables = new(warehouse.Catalog);
    private readonly JobProducers _producers = new(options.Value, loggerFactory, credentials);
    private readonly StagingStore _staging = new(warehouse.Io, warehouse.Location);

    public async Task<PreparedEpoch> PrepareAsync(JobDefinition job, long epoch, EpochOutputs outputs, CancellationToken ct)
    {
        if (outputs.OutputNames.FirstOrDefault(name => job.Outputs.All(output => output.Name != name)) is { } unknown)
        {
            throw new InvalidOperationException($"Job '{job.Name}' was handed rows for '{unknown}', which is not one of its outputs.");
        }

        var prefix = $"{job.Name}-e{epoch:D10}";
        var manifest = new StagingManifest { Job = job.Name, Epoch = epoch };
        var kafka = new List<OutputRecord>();
        foreach (var output in job.Outputs)
        {
            var staged = output.Stage(outputs, serdes);
            await WriteTableAsync(manifest, output.Table, staged.TableRows, prefix, ct);
            kafka.AddRange(staged.KafkaRecords);
        }

        manifest.KafkaRecords = kafka.Count;
        manifest.KafkaBatchPath = await _staging.WriteAsync(job.Name, epoch, "kafka", KafkaBatchFile.Write(kafka), ct);
        var manifestPath = await _staging.WriteAsync(job.Name, epoch, "json", StagingJson.Serialize(manifest), ct);
        return new PreparedEpoch(epoch, manifestPath, manifest, kafka, outputs.Count);
    }

    public async Task<PreparedEpoch> LoadAsync(JobDefinition job, PendingEpoch pending, CancellationToken ct)
    {
        var manifest = StagingJson.Deserialize(await _staging.ReadAsync(pending.ManifestPath, ct));
        var records = manifest.KafkaRecords > 0
            ? KafkaBatchFile.Read(await _staging.ReadAsync(manifest.KafkaBatchPath, ct))
            : [];
        return new PreparedEpoch(pending.Epoch, pending.ManifestPath, manifest, records, pending.RowCount);
    }

    public async Task CommitAsync(JobDefinition job, PreparedEpoch prepared, bool recovering, CancellationToken ct)
    {
        using var activity = PipelineTracing.StartCommit(job.Name, prepared.Epoch);
        var epochText = prepared.Epoch.ToString(CultureInfo.InvariantCulture);
        foreach (var (tableName, files) in prepared.Manifest.Tables.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            var table = await _tables.GetAsync(job.Tables.Single(candidate => candidate.Name == tableName), ct);
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
            else
            {
                PipelineMetrics.TableCommitted(
                    tableName, files.Sum(file => file.RecordCount), files.Count, files.Sum(file => file.FileSizeInBytes));
            }
        }

        if (prepared.KafkaRecords.Count > 0)
        {
            var producer = await _producers.GetAsync(job, ct);
            try
            {
                await ProduceAsync(job, prepared, recovering, producer, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A fenced producer stays fenced, and one whose recreation failed has no client left: either way the
                // epoch fails now, and the next attempt (the committer retries it) gets a new producer.
                LogProducerDiscarded(ex, job.Name, prepared.Epoch);
                _producers.Discard(job, producer);
                throw;
            }
        }
    }

    private async Task ProduceAsync(
        JobDefinition job, PreparedEpoch prepared, bool recovering, TransactionalBatchProducer producer, CancellationToken ct)
    {
        if (recovering && await producer.IsEpochCommittedAsync(job.Name, prepared.Epoch, prepared.KafkaRecords, ct))
        {
            LogKafkaAlreadyCommitted(job.Name, prepared.Epoch);
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await producer.ProduceEpochAsync(job.Name, prepared.Epoch, prepared.KafkaRecords, ct);
        PipelineMetrics.KafkaTransactionDone(job.Name, PipelineMetrics.Since(started));
    }

    public async Task CleanupAsync(JobDefinition job, PreparedEpoch prepared, CancellationToken ct)
    {
        await _staging.DeleteAsync(prepared.Manifest.KafkaBatchPath, ct);
        await _staging.DeleteAsync(prepared.ManifestPath, ct);
    }

    public Task MaintainAsync(JobDefinition job, CancellationToken ct) => _tables.MaintainAsync(job.Tables, ct);

    public void Dispose() => _producers.Dispose();

    private static bool HasEpoch(TableMetadata metadata, string job, string epoch) =>
        metadata.Snapshots.Any(snapshot =>
            snapshot.Summary.TryGetValue(CommitterProperty, out var committer) && committer == job &&
            snapshot.Summary.TryGetValue(EpochProperty, out var committed) && committed == epoch);

    private async Task WriteTableAsync(
        StagingManifest manifest, OutputTable output, IReadOnlyList<object?[]> rows, string prefix, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = await _tables.GetAsync(output, ct);
        var files = await table.WriteDataFilesAsync(rows, prefix, ct);
        manifest.Tables[output.Name] = [.. files.Select(DataFileJson.ToDto)];
    }

    [LoggerMessage(EventId = 201, Level = LogLevel.Information,
        Message = "Committer {Job}: epoch {Epoch} is already committed in Kafka; not produced again")]
    private partial void LogKafkaAlreadyCommitted(string job, long epoch);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning,
        Message = "Committer {Job}: the Kafka transaction of epoch {Epoch} failed; its producer is replaced at the next attempt")]
    private partial void LogProducerDiscarded(Exception ex, string job, long epoch);

    [LoggerMessage(EventId = 200, Level = LogLevel.Information,
        Message = "Committer {Job}: epoch {Epoch} already in table {Table}; not appended again")]
    private partial void LogAlreadyCommitted(string job, long epoch, string table);
}
