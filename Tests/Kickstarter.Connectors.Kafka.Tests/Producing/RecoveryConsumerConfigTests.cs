using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Producing;

namespace Kickstarter.Connectors.Kafka.Tests.Producing;

/// <summary>
/// The consumer a transactional producer builds to look for an epoch that may have landed: it takes the consumer
/// properties (as the receivers get them) over the producer's security settings, and keeps what the lookup needs
/// whatever they say. Built by the real producer class; nothing connects (the constructor does not).
/// </summary>
public sealed class RecoveryConsumerConfigTests
{
    private static ConsumerConfig Build(Dictionary<string, string> producer, Dictionary<string, string> consumer, RotatingCredentials? credentials = null)
    {
        using var transactional = new TransactionalBatchProducer(new TransactionalBatchProducerOptions
        {
            BootstrapServers = "127.0.0.1:9092",
            TransactionalId = "kickstarter-consolidator",
            ProducerProperties = producer,
            ConsumerProperties = consumer,
            Credentials = credentials,
        });
        return transactional.RecoveryConsumerConfig();
    }

    private static Dictionary<string, string> Values(ConsumerConfig config) => config.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    [Fact]
    public void ConsumerPropertiesReachTheRecoveryConsumerAndWinOverTheProducersSecurity()
    {
        var values = Values(Build(
            new() { ["security.protocol"] = "SASL_SSL", ["sasl.mechanism"] = "PLAIN", ["sasl.username"] = "producer-key", ["linger.ms"] = "50" },
            new() { ["client.rack"] = "use1-az2", ["fetch.max.bytes"] = "1048577", ["sasl.username"] = "consumer-key", ["client.id"] = "ops-recovery" }));

        Assert.Equal("use1-az2", values["client.rack"]);
        Assert.Equal("1048577", values["fetch.max.bytes"]);
        Assert.Equal("ops-recovery", values["client.id"]);
        Assert.Equal("consumer-key", values["sasl.username"]);
        // The producer's security settings the consumer properties do not override are still taken; its other
        // properties are producer-only.
        Assert.Equal("SASL_SSL", values["security.protocol"]);
        Assert.Equal("PLAIN", values["sasl.mechanism"]);
        Assert.False(values.ContainsKey("linger.ms"));
    }

    [Fact]
    public void TheLookupKeepsItsOwnGroupOffsetsAndIsolationWhateverTheConsumerPropertiesSay()
    {
        var values = Values(Build([], new()
        {
            ["group.id"] = "orleans-consolidator-receivers",
            ["group.instance.id"] = "silo-1",
            ["isolation.level"] = "read_uncommitted",
            ["enable.auto.commit"] = "true",
            ["enable.auto.offset.store"] = "true",
            ["auto.offset.reset"] = "earliest",
            ["enable.partition.eof"] = "true",
            ["bootstrap.servers"] = "elsewhere:9092",
        }));

        Assert.Equal("kickstarter-consolidator-recovery", values["group.id"]);
        Assert.Equal("kickstarter-consolidator-recovery", Build([], []).ClientId);
        Assert.False(values.ContainsKey("group.instance.id"));
        Assert.False(values.ContainsKey("auto.offset.reset"));
        Assert.Equal("read_committed", values["isolation.level"]);
        Assert.Equal("false", values["enable.auto.commit"]);
        Assert.Equal("false", values["enable.auto.offset.store"]);
        Assert.Equal("false", values["enable.partition.eof"]);
        Assert.Equal("127.0.0.1:9092", values["bootstrap.servers"]);
    }

    [Fact]
    public void LibrdkafkaAcceptsTheRecoveryConsumersConfiguration()
    {
        // librdkafka rejects an unknown key or a bad value when the client is built (no broker needed for that; the
        // bootstrap address is only tried in the background).
        var config = Build(
            new() { ["security.protocol"] = "PLAINTEXT", ["linger.ms"] = "50" },
            new() { ["client.rack"] = "use1-az2", ["fetch.max.bytes"] = "1048577", ["group.instance.id"] = "silo-1" });

        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();

        // librdkafka names its handle after the client.id it was given: the lookup's default.
        Assert.StartsWith("kickstarter-consolidator-recovery#consumer-", consumer.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void RotatedCredentialsWinOverTheConsumerPropertiesSaslPair()
    {
        var credentials = new RotatingCredentials("rotated-key", "rotated-secret");

        var values = Values(Build([], new() { ["sasl.username"] = "static-key", ["sasl.password"] = "static-secret" }, credentials));

        Assert.Equal("rotated-key", values["sasl.username"]);
        Assert.Equal("rotated-secret", values["sasl.password"]);
    }
}
