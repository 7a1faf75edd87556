using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs;

namespace Kickstarter.Grains.Epochs.Silo;

/// <summary>Receivers start where the job's committer says: the positions of its last prepared epoch.</summary>
internal sealed class CommitterCheckpointSource(IGrainFactory grains) : IKafkaCheckpointSource
{
    public Task<PartitionCheckpoint?> GetCheckpointAsync(string provider, string topic, int partition, CancellationToken cancellationToken)
    {
        var job = JobCatalog.ForStreamProvider(provider);
        return grains.GetGrain<ICommitterGrain>(job.Name).GetStartPositionAsync(topic, partition).WaitAsync(cancellationToken);
    }
}
