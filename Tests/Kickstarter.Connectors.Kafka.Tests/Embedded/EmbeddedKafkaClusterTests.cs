using System.Text;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Testing;

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
        var transportFailures = 0;
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
        }).SetLogHandler((_, _) => { })
            .SetErrorHandler((_, error) =>
            {
                if (error.Code == ErrorCode.Local_Transport)
                {
                    Interlocked.Increment(ref transportFailures);
                }
            })
            .Build();
        await producer.ProduceAsync("downup", new Message<string, string> { Key = "a", Value = "before" });

        cluster.SetBrokerDown(1);
        var whileDown = producer.ProduceAsync("downup", new Message<string, string> { Key = "a", Value = "during" });
        var failuresBefore = Volatile.Read(ref transportFailures);
        // The signal: with the record pending, the producer has tried to reach the broker three more times, refused each time.
        await Eventually.Until(() => Volatile.Read(ref transportFailures) >= failuresBefore + 3, TimeSpan.FromSeconds(30),
            "the producer tries to reconnect to the broker that is down");
        var deliveredWhileDown = whileDown.IsCompleted;
        cluster.SetBrokerUp(1);
        var result = await whileDown.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False(deliveredWhileDown, "a record must not be acknowledged while the only broker is down");
        Assert.Equal(1, result.Offset.Value);
    }

    [Fact]
    public async Task ErrorsQueuedForOneBrokerAnswerOnlyThatBrokersRequestsAndCountDown()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 2);
        cluster.CreateTopic("on-one", partitions: 1);
        cluster.CreateTopic("on-two", partitions: 1);
        cluster.SetPartitionLeader("on-one", 0, brokerId: 1);
        cluster.SetPartitionLeader("on-two", 0, brokerId: 2);
        using var producer = NoRetryProducer(cluster.BootstrapServers);
        await producer.ProduceAsync("on-two", new Message<string, string> { Key = "warm", Value = "up" });

        cluster.PushBrokerRequestErrors(brokerId: 2, ApiKeys.Produce, ErrorCode.NotEnoughReplicas, count: 2);
        var queued = cluster.BrokerRequestErrorsLeft(2, ApiKeys.Produce);
        var onOne = await producer.ProduceAsync("on-one", new Message<string, string> { Key = "a", Value = "x" });
        var leftAfterBrokerOne = cluster.BrokerRequestErrorsLeft(2, ApiKeys.Produce);
        var refused = await Assert.ThrowsAsync<ProduceException<string, string>>(
            () => producer.ProduceAsync("on-two", new Message<string, string> { Key = "a", Value = "y" }));
        var leftAfterBrokerTwo = cluster.BrokerRequestErrorsLeft(2, ApiKeys.Produce);

        Assert.Equal(2, queued);
        Assert.Equal(PersistenceStatus.Persisted, onOne.Status);
        Assert.Equal(2, leftAfterBrokerOne);
        Assert.Equal(ErrorCode.NotEnoughReplicas, refused.Error.Code);
        Assert.Equal(1, leftAfterBrokerTwo);
        Assert.Equal(0, cluster.BrokerRequestErrorsLeft(1, ApiKeys.Produce));
    }

    [Fact]
    public async Task InjectedProduceErrorsSurfaceThenClear()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("errors", partitions: 1);
        using var producer = NoRetryProducer(cluster.BootstrapServers);
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

    /// <summary>A plain producer with no retries: each injected error is the delivery result of one request.</summary>
    private static IProducer<string, string> NoRetryProducer(string bootstrap) =>
        new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap, MessageSendMaxRetries = 0, Acks = Acks.All })
            .SetLogHandler((_, _) => { }).Build();
}
