using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Connectors.Kafka.Streams;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Kickstarter.Connectors.Kafka.Tests.Streams;

/// <summary>Two silos split the partitions between them; each silo's barrier covers the partitions it owns.</summary>
public sealed class TwoSiloTests : IAsyncLifetime
{
    public const string Topic = "t2.flow";
    private const int Partitions = 6;
    private EmbeddedKafkaCluster _kafka = null!;
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _kafka = EmbeddedKafkaCluster.Start();
        _kafka.CreateTopic(Topic, Partitions);
        _kafka.CreateTopic("t2.dlq", 1);
        var builder = new TestClusterBuilder(2);
        builder.Properties["KafkaBootstrap"] = _kafka.BootstrapServers;
        builder.AddSiloBuilderConfigurator<Configurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        _kafka.Dispose();
    }

    [Fact]
    public async Task PartitionsAreSplitBetweenSilosAndEveryRecordIsDeliveredOnce()
    {
        var controls = _cluster.Silos.Cast<InProcessSiloHandle>()
            .Select(s => s.SiloHost.Services.GetRequiredKeyedService<IKafkaPartitionControl>("kafka2"))
            .ToList();

        // Wait until the queue balancer has settled: each partition owned by exactly one silo, each silo owning half.
        IReadOnlyList<PartitionCheckpoint>[] owned = [];
        await KafkaTestClients.WaitUntilAsync(async () =>
        {
            owned = await Task.WhenAll(controls.Select(c => c.PauseAndDrainAsync(CancellationToken.None)));
            controls.ForEach(c => c.Resume());
            var all = owned.SelectMany(o => o).Select(c => c.Partition).ToList();
            return all.Count == Partitions && all.Distinct().Count() == Partitions
                && owned.All(o => o.Count == Partitions / 2);
        }, "each silo owns half of the partitions");

        using (var producer = KafkaTestClients.Producer(_kafka.BootstrapServers))
        {
            for (var i = 0; i < 600; i++)
            {
                producer.Produce(Topic, new Message<string, string> { Key = $"K{i % 30}", Value = $"{i}" });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(20)));
        }

        await KafkaTestClients.WaitUntil(() => DeliveryLog.EventsOf(Topic).Count >= 600, "all records are delivered");
        var checkpoints = await Task.WhenAll(controls.Select(c => c.PauseAndDrainAsync(CancellationToken.None)));
        controls.ForEach(c => c.Resume());

        var events = DeliveryLog.EventsOf(Topic);
        Assert.Equal(600, events.Count);
        Assert.Equal(600, events.Select(e => (e.Partition, e.Offset)).Distinct().Count());
        Assert.Equal(600, checkpoints.SelectMany(c => c).Sum(c => c.NextOffset));
        Assert.All(checkpoints, c => Assert.NotEmpty(c));
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var bootstrap = siloBuilder.Configuration["KafkaBootstrap"]!;
            siloBuilder.AddKafkaStreams("kafka2", options =>
            {
                options.BootstrapServers = bootstrap;
                options.Topics = [Topic];
                options.DeadLetterTopic = "t2.dlq";
                options.PollTimeout = TimeSpan.FromMilliseconds(10);
                options.PullPeriod = TimeSpan.FromMilliseconds(20);
            });
            siloBuilder.Services.AddSingleton<IKafkaRecordDeserializer, TestDeserializer>();
        }
    }
}
