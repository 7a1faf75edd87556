using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Connectors.Kafka.SchemaRegistry;
using Kickstarter.Grains.Jobs;
using Kickstarter.Silo.Configuration;

namespace Kickstarter.Silo.Kafka;

/// <summary>
/// Connects to the configured Kafka cluster, or starts the embedded one (and the embedded Schema Registry beside it),
/// and makes sure the topics exist.
/// </summary>
public static class KafkaSetup
{
    /// <summary>
    /// With Kafka:BootstrapServers empty, starts librdkafka's mock cluster in this process (owned by the returned
    /// handle) and, when a topic is Avro and SchemaRegistry:Url is empty, the embedded registry; otherwise checks the
    /// real cluster answers. Either way creates missing topics.
    /// </summary>
    public static async Task<KafkaSetupResult> ConnectAsync(KafkaOptions options, SchemaRegistryOptions registryOptions)
    {
        EmbeddedKafkaCluster? embedded = null;
        EmbeddedSchemaRegistry? registry = null;
        var bootstrap = options.BootstrapServers;
        var registryUrl = options.AnyAvro ? registryOptions.Url : "";
        try
        {
            if (options.IsEmbedded)
            {
                embedded = EmbeddedKafkaCluster.Start(options.EmbeddedBrokers);
                foreach (var topic in JobCatalog.Topics)
                {
                    embedded.CreateTopic(topic, options.Partitions, Math.Min(options.EmbeddedBrokers, 3));
                }

                bootstrap = embedded.BootstrapServers;
                if (options.AnyAvro && string.IsNullOrWhiteSpace(registryUrl))
                {
                    registry = await EmbeddedSchemaRegistry.StartAsync();
                    registryUrl = registry.Url;
                }
            }

            var connection = new KafkaConnection(bootstrap, options, options.IsEmbedded);
            await KafkaTopics.EnsureAsync(connection, options.Partitions, TimeSpan.FromSeconds(15));
            return new KafkaSetupResult(connection, embedded, registry, new SchemaRegistryEndpoint(registryUrl, registry is not null));
        }
        catch
        {
            embedded?.Dispose();
            if (registry is not null)
            {
                await registry.DisposeAsync();
            }

            throw;
        }
    }
}
