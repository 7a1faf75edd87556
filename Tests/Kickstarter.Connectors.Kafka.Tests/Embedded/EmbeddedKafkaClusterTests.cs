using System.Text;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Embedded;

namespace Kickstarter.Connectors.Kafka.Tests.Embedded;

public sealed class EmbeddedKafkaClusterTests
{
    [Fact]
    public void CreatedTopicCarriesProducedRecordsBackToAConsumer()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("roundtrip", partitions: 3);
        using (var producer = KafkaTestClients.Producer(cluster.BootstrapServers))
        {
            for (var i = 0; i < 30; i++)
            {
                producer.Produce("roundtrip", new Message<string, string> { Key = $"k{i % 7}", Value = $"v{i}" });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        }

        var records = KafkaTestClients.ReadAll(cluster.BootstrapServers, "roundtrip", r => r.Count >= 30);
        Assert.Equal(3, KafkaTestClients.PartitionCount(cluster.BootstrapServers, "roundtrip"));
        Assert.Equal(
            Enumerable.Range(0, 30).Select(i => $"v{i}").Order(),
            records.Select(r => Encoding.UTF8.GetString(r.Message.Value)).Order());
    }

    [Fact]
    public async Task ProducerWaitsWhileTheOnlyBrokerIsDownAndDeliversAfterItComesBack()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("downup", partitions: 1);
        using var producer = KafkaTestClients.Producer(cluster.BootstrapServers);
        await producer.ProduceAsync("downup", new Message<string, string> { Key = "a", Value = "before" });

        cluster.SetBrokerDown(1);
        var whileDown = producer.ProduceAsync("downup", new Message<string, string> { Key = "a", Value = "during" });
        var finishedEarly = await Task.WhenAny(whileDown, Task.Delay(TimeSpan.FromMilliseconds(500))) == whileDown;
        cluster.SetBrokerUp(1);
        var result = await whileDown.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False(finishedEarly, "a record must not be acknowledged while the only broker is down");
        Assert.Equal(1, result.Offset.Value);
    }

    [Fact]
    public async Task InjectedProduceErrorsSurfaceThenClear()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("errors", partitions: 1);
        // A plain producer with no retries shows the injected error as the delivery result.
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            MessageSendMaxRetries = 0,
            Acks = Acks.All,
        }).SetLogHandler((_, _) => { }).Build();
        await producer.ProduceAsync("errors", new Message<string, string> { Key = "warm", Value = "up" });

        cluster.PushRequestErrors(ApiKeys.Produce, ErrorCode.MsgSizeTooLarge);
        var failure = await Assert.ThrowsAsync<ProduceException<string, string>>(
            () => producer.ProduceAsync("errors", new Message<string, string> { Key = "a", Value = "x" }));
        var next = await producer.ProduceAsync("errors", new Message<string, string> { Key = "a", Value = "y" });

        Assert.Equal(ErrorCode.MsgSizeTooLarge, failure.Error.Code);
        Assert.Equal(PersistenceStatus.Persisted, next.Status);
    }

    [Fact]
    public void DisposeTwiceFromSeveralThreadsIsSafeAndLaterCallsFail()
    {
        var cluster = EmbeddedKafkaCluster.Start(brokerCount: 3);
        Assert.Equal(3, cluster.BootstrapServers.Split(',').Length);
        Parallel.For(0, 4, _ => cluster.Dispose());
        Assert.Throws<ObjectDisposedException>(() => cluster.CreateTopic("late", 1));
    }
}
