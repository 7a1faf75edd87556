using Kickstarter.Connectors.Kafka.Producing;
using Kickstarter.Grains.Epochs.Coordinator;

namespace Kickstarter.Grains.Sinks;

/// <summary>
/// An epoch whose files are durable, with everything its commit and cleanup need: the data files per table and the
/// Kafka records in the order they are produced. The normal path hands it from prepare straight to commit and
/// cleanup; recovery rebuilds it from the staging files (<see cref="IJobSink.LoadAsync"/>).
/// </summary>
public sealed class PreparedEpoch
{
    internal PreparedEpoch(
        long epoch, string manifestPath, StagingManifest manifest, IReadOnlyList<OutputRecord> kafkaRecords, long rowCount)
    {
        Epoch = epoch;
        ManifestPath = manifestPath;
        Manifest = manifest;
        KafkaRecords = kafkaRecords;
        RowCount = rowCount;
    }

    /// <summary>The epoch number.</summary>
    public long Epoch { get; }

    /// <summary>Rows over all outputs.</summary>
    public long RowCount { get; }

    /// <summary>What the committer's state records of it.</summary>
    public PendingEpoch Pending => new(Epoch, ManifestPath, RowCount);

    /// <summary>The staging manifest's location (a URI under the warehouse).</summary>
    internal string ManifestPath { get; }

    /// <summary>The data files per table and the Kafka batch file's path.</summary>
    internal StagingManifest Manifest { get; }

    /// <summary>The Kafka records, in order; the same bytes as the staged batch file.</summary>
    internal IReadOnlyList<OutputRecord> KafkaRecords { get; }
}
