using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Connectors.Kafka.Streams;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Kickstarter.Connectors.Kafka.Tests.Streams;

/// <summary>One embedded Kafka cluster and one single-silo TestCluster with the Kafka provider, shared by the stream tests.</summary>
public sealed class StreamClusterFixture : IAsyncLifetime
{
    public const int SourceBroker = 1;
    public const int DeadLetterBroker = 2;

    public EmbeddedKafkaCluster Kafka { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public string Bootstrap => Kafka.BootstrapServers;

    public IKafkaPartitionControl Control
        => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<IKafkaPartitionControl>(TestTopics.Provider);

    public async Task InitializeAsync()
    {
        // Broker 1 leads the source topics, broker 2 the dead-letter topic, so a test can slow down dead letters alone.
        Kafka = EmbeddedKafkaCluster.Start(brokerCount: 2);
        foreach (var (topic, partitions) in TestTopics.All)
        {
            Kafka.CreateTopic(topic, partitions);
            for (var partition = 0; partition < partitions; partition++)
            {
                Kafka.SetPartitionLeader(topic, partition, SourceBroker);
            }
        }

        Kafka.CreateTopic(TestTopics.DeadLetters, 1);
        Kafka.SetPartitionLeader(TestTopics.DeadLetters, 0, DeadLetterBroker);
        await CheckpointSourceTests.PreloadAsync(this);

        var builder = new TestClusterBuilder(1);
        builder.Properties["KafkaBootstrap"] = Kafka.BootstrapServers;
        builder.AddSiloBuilderConfigurator<KafkaSiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Kafka.Dispose();
    }

    private sealed class KafkaSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var bootstrap = siloBuilder.Configuration["KafkaBootstrap"]!;
            siloBuilder.AddKafkaStreams(TestTopics.Provider, options =>
            {
                options.BootstrapServers = bootstrap;
                options.Topics = [.. TestTopics.All.Select(t => t.Topic)];
                options.DeadLetterTopic = TestTopics.DeadLetters;
                options.PollTimeout = TimeSpan.FromMilliseconds(10);
                options.PullPeriod = TimeSpan.FromMilliseconds(20);
                options.MaxRecordsPerPoll = 500;
                options.MaxEventDeliveryTime = TimeSpan.FromSeconds(5);
                options.ConsumerProperties["queued.max.messages.kbytes"] = "8192";
            });
            siloBuilder.Services.AddKeyedSingleton<IKafkaRecordDeserializer, TestDeserializer>(TestTopics.Provider);
            siloBuilder.Services.AddSingleton<IKafkaCheckpointSource, TestCheckpointSource>();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class StreamCollection : ICollectionFixture<StreamClusterFixture>
{
    public const string Name = "kafka stream provider";
}
