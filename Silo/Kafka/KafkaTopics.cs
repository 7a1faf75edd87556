using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Kickstarter.Grains.Jobs;
using Kickstarter.Silo.Configuration;

namespace Kickstarter.Silo.Kafka;

/// <summary>Creates the jobs' topics (<see cref="JobCatalog.Topics"/>) where missing.</summary>
public static class KafkaTopics
{
    /// <summary>
    /// Checks the cluster answers within <paramref name="timeout"/> and creates missing topics.
    /// Throws <see cref="StartupException"/> naming Kafka:BootstrapServers when it does not answer.
    /// </summary>
    public static async Task EnsureAsync(KafkaConnection kafka, int partitions, TimeSpan timeout)
    {
        using var admin = new AdminClientBuilder(kafka.AdminConfig()).Build();
        Metadata metadata;
        try
        {
            metadata = admin.GetMetadata(timeout);
        }
        catch (KafkaException ex)
        {
            throw new StartupException(
                $"Kafka:BootstrapServers '{kafka.BootstrapServers}' did not answer within {timeout.TotalSeconds:0} s ({ex.Error.Reason}).");
        }

        if (metadata.Brokers.Count == 0)
        {
            throw new StartupException($"Kafka:BootstrapServers '{kafka.BootstrapServers}' answered with no brokers.");
        }

        var existing = metadata.Topics.Where(t => !t.Error.IsError).Select(t => t.Topic).ToHashSet();
        var replication = (short)Math.Min(3, metadata.Brokers.Count);
        var missing = JobCatalog.Topics.Where(topic => !existing.Contains(topic))
            .Select(topic => new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = replication })
            .ToList();
        if (missing.Count == 0)
        {
            return;
        }

        try
        {
            await admin.CreateTopicsAsync(missing);
        }
        catch (CreateTopicsException ex) when (ex.Results.All(
            result => !result.Error.IsError || result.Error.Code == Confluent.Kafka.ErrorCode.TopicAlreadyExists))
        {
            // Another silo created them first.
        }
    }
}
