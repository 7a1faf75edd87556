using Kickstarter.Connectors.Kafka.Options;
using Kickstarter.Grains.Hosting;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Sinks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kickstarter.UnitTests;

/// <summary>
/// One rule for the jobs' Kafka consumers: <c>Kafka:Properties:*</c>, then <c>Kafka:ConsumerProperties:*</c>, reach
/// both the receivers (the stream provider's options) and the committers' recovery consumer (the transactional
/// producer's options), and producer-only properties reach neither.
/// </summary>
public sealed class JobKafkaPropertiesTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Kafka:BootstrapServers"] = "127.0.0.1:9092",
        ["Kafka:Format"] = "Json",
        ["Kafka:Properties:security.protocol"] = "SASL_SSL",
        ["Kafka:Properties:sasl.username"] = "shared-key",
        ["Kafka:Properties:client.rack"] = "use1-az1",
        ["Kafka:ConsumerProperties:client.rack"] = "use1-az2",
        ["Kafka:ConsumerProperties:fetch.max.bytes"] = "1048577",
        ["Kafka:ProducerProperties:linger.ms"] = "50",
    };

    private static IConfiguration Configuration() => new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();

    [Fact]
    public void TheRecoveryConsumerGetsTheSharedThenTheConsumerPropertiesAndNoProducerOnes()
    {
        var options = JobsOptions.FromConfiguration(Configuration());

        var producer = JobProducers.ProducerOptions(options, ConsolidatorJob.Definition, credentials: null);

        Assert.Equal("use1-az2", producer.ConsumerProperties["client.rack"]);
        Assert.Equal("1048577", producer.ConsumerProperties["fetch.max.bytes"]);
        Assert.Equal("shared-key", producer.ConsumerProperties["sasl.username"]);
        Assert.False(producer.ConsumerProperties.ContainsKey("linger.ms"));
        Assert.Equal("50", producer.ProducerProperties["linger.ms"]);
        Assert.Equal("use1-az1", producer.ProducerProperties["client.rack"]);
        Assert.Equal("zstd", producer.ProducerProperties["compression.type"]);
        Assert.False(producer.ProducerProperties.ContainsKey("fetch.max.bytes"));
    }

    [Fact]
    public void ReceiversAndTheRecoveryConsumerGetTheSameConsumerProperties()
    {
        var configuration = Configuration();
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddKickstarterJobs(configuration));
        using var host = builder.Build();

        var streams = host.Services.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(ConsolidatorJob.Definition.StreamProvider);
        var producer = JobProducers.ProducerOptions(JobsOptions.FromConfiguration(configuration), ConsolidatorJob.Definition, credentials: null);

        Assert.Equal(
            producer.ConsumerProperties.OrderBy(p => p.Key, StringComparer.Ordinal),
            streams.ConsumerProperties.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal("use1-az2", streams.ConsumerProperties["client.rack"]);
    }
}
