using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Grains.Jobs;
using Kickstarter.Silo.Configuration;

namespace Kickstarter.Silo.Kafka;

/// <summary>Connects to the configured Kafka cluster, or starts the embedded one, and makes sure the topics exist.</summary>
public static class KafkaSetup
{
    /// <summary>
    /// With Kafka:BootstrapServers empty, starts librdkafka's mock cluster in this process (owned by the returned
    /// handle); otherwise checks the real cluster answers. Either way creates missing topics.
    /// </summary>
    public static async Task<(KafkaConnection Connection, EmbeddedKafkaCluster? Embedded)> ConnectAsync(KafkaOptions options)
    {
        EmbeddedKafkaCluster? embedded = null;
        var bootstrap = options.BootstrapServers;
        if (options.IsEmbedded)
        {
            embedded = EmbeddedKafkaCluster.Start(options.EmbeddedBrokers);
            foreach (var topic in JobCatalog.Topics)
            {
                embedded.CreateTopic(topic, options.Partitions, Math.Min(options.EmbeddedBrokers, 3));
            }

            bootstrap = embedded.BootstrapServers;
        }

        var connection = new KafkaConnection(bootstrap, options.Properties, options.IsEmbedded);
        try
        {
            await KafkaTopics.EnsureAsync(connection, options.Partitions, TimeSpan.FromSeconds(15));
        }
        catch
        {
            embedded?.Dispose();
            throw;
        }

        return (connection, embedded);
    }
}
