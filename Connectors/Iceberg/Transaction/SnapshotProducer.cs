using System.Globalization;
using Kickstarter.Connectors.Iceberg.Avro;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Transaction;

/// <summary>
/// Common commit path of operations that produce a snapshot: choose a snapshot id once, let the operation list
/// the manifests for the current base, write the manifest list (new manifests stamped with the snapshot's sequence
/// number, so manifests are written once and reused across retries), add the snapshot and commit.
/// </summary>
public abstract class SnapshotProducer<TSelf> where TSelf : SnapshotProducer<TSelf>
{
    private readonly Dictionary<string, string> _extra = new(StringComparer.Ordinal);
    private readonly Guid _commitId = Guid.NewGuid();

    internal SnapshotProducer(Table table)
    {
        Table = table;
        SnapshotId = table.Environment.NewSnapshotId();
    }

    internal Table Table { get; }

    /// <summary>The id the snapshot will get.</summary>
    public long SnapshotId { get; }

    /// <summary>Adds a summary property (e.g. "kickstarter.epoch" = "12").</summary>
    public TSelf Set(string key, string value)
    {
        _extra[key] = value;
        return (TSelf)this;
    }

    /// <summary>The snapshot operation ("append", "replace").</summary>
    private protected abstract string Operation { get; }

    /// <summary>Validates against the base and returns the manifests of the new snapshot plus the added and removed files.</summary>
    private protected abstract Task<(IReadOnlyList<ManifestFile> Manifests, IReadOnlyList<DataFile> Added,
        IReadOnlyList<DataFile> Removed)> ApplyAsync(TableMetadata @base, CancellationToken ct);

    private protected string ManifestName(int index) => string.Create(CultureInfo.InvariantCulture, $"{_commitId:N}-m{index}.avro");

    /// <summary>Commits the snapshot, retrying on concurrent commits; returns the committed snapshot.</summary>
    public async Task<Snapshot> CommitAsync(CancellationToken ct = default) =>
        (await CommitUnlessAsync(static _ => false, ct).ConfigureAwait(false))!;

    /// <summary>
    /// Commits the snapshot unless <paramref name="alreadyApplied"/> holds for the table's current metadata, checked on
    /// every attempt (after each reload in the retry loop); returns null when it held. This makes a commit idempotent
    /// even when a writer races its own retry, such as a commit still in flight from a dead process.
    /// </summary>
    public async Task<Snapshot?> CommitUnlessAsync(Func<TableMetadata, bool> alreadyApplied, CancellationToken ct = default)
    {
        string? lastManifestList = null;
        var skipped = false;
        var committed = await CommitRetry.RunAsync(Table, async (@base, attempt) =>
        {
            if (alreadyApplied(@base))
            {
                skipped = true;
                return null;
            }

            var (manifests, added, removed) = await ApplyAsync(@base, ct).ConfigureAwait(false);
            var builder = TableMetadataBuilder.From(@base);
            var sequenceNumber = builder.NextSequenceNumber;
            var stamped = manifests.Select(m => ManifestFiles.Stamp(m, SnapshotId, sequenceNumber)).ToList();
            var parent = @base.CurrentSnapshot;
            var listBytes = ManifestListWriter.Write(stamped, SnapshotId, parent?.SnapshotId, sequenceNumber);
            var listLocation = Table.Operations.MetadataFileLocation(@base,
                string.Create(CultureInfo.InvariantCulture, $"snap-{SnapshotId}-{attempt + 1}-{_commitId:N}.avro"));
            await Table.Io.WriteAsync(listLocation, listBytes, ct).ConfigureAwait(false);
            lastManifestList = listLocation;
            var now = Table.Environment.Clock().ToUnixTimeMilliseconds();
            var summary = SnapshotSummary.Build(Operation, parent, @base.CurrentSchema, added, removed, _extra, @base);
            var snapshot = new Snapshot(SnapshotId, parent?.SnapshotId, sequenceNumber, now, listLocation, summary, @base.CurrentSchemaId);
            return builder.AddSnapshotToMain(snapshot).Build(now);
        }, async _ =>
        {
            // The manifest list of a lost attempt is referenced by nothing: remove it now rather than leave an orphan.
            if (lastManifestList is not null)
            {
                await Table.Io.DeleteAsync(lastManifestList, ct).ConfigureAwait(false);
            }
        }, ct).ConfigureAwait(false);
        return skipped ? null : committed.SnapshotById(SnapshotId)!;
    }
}
