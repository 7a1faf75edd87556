using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Epochs;

namespace Kickstarter.Grains.Epochs;

/// <summary>Between the Kafka connector's checkpoints and the grain contracts' source positions.</summary>
internal static class CheckpointMapping
{
    public static SourcePosition ToPosition(PartitionCheckpoint c) => new(
        c.Topic, c.Partition, c.NextOffset, c.MaxTimestampMs, c.CaughtUp,
        c.UpstreamIds.ToDictionary(kv => kv.Key, kv => new UpstreamId(kv.Value.Epoch, kv.Value.Sequence)));

    public static PartitionCheckpoint ToCheckpoint(SourcePosition p) => new(
        p.Topic, p.Partition, p.NextOffset, p.MaxTimestampMs, p.CaughtUp,
        p.UpstreamIds.ToDictionary(kv => kv.Key, kv => new UpstreamPosition(kv.Value.Epoch, kv.Value.Sequence)));
}

/// <summary>Receivers start where the job's committer says: the positions of its last prepared epoch.</summary>
internal sealed class CommitterCheckpointSource(IGrainFactory grains) : IKafkaCheckpointSource
{
    public async Task<PartitionCheckpoint?> GetCheckpointAsync(string provider, string topic, int partition, CancellationToken cancellationToken)
    {
        var job = Jobs.All.Single(j => j.StreamProvider == provider);
        var position = await grains.GetGrain<Interfaces.Grains.ICommitterGrain>(job.Name)
            .GetStartPositionAsync(topic, partition).WaitAsync(cancellationToken).ConfigureAwait(false);
        return position is null ? null : CheckpointMapping.ToCheckpoint(position);
    }
}
