using System.Text;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Connectors.Kafka.Producing;

namespace Kickstarter.Connectors.Kafka.Tests.Streams;

[Collection(StreamCollection.Name)]
public sealed class DedupTests(StreamClusterFixture fixture)
{
    [Fact]
    public async Task RecordsAtOrBelowAnIdAlreadySeenAreDropped()
    {
        using var producer = KafkaTestClients.BytesProducer(fixture.Bootstrap);
        string?[] ids = ["up/1/1", "up/1/2", "up/1/3", "up/1/2", "up/1/3", null, "up/2/1", "up/1/9", "other/1/1", "up/2/2"];
        for (var i = 0; i < ids.Length; i++)
        {
            await StreamTestProducing.ProduceAsync(producer, TestTopics.Dedup, 0, "d1", $"r{i}", ids[i]);
        }

        await KafkaTestClients.WaitUntil(() => DeliveryLog.EventsOf(TestTopics.Dedup).Any(e => e.RecordId == "up/2/2"), "the last record is delivered");

        Assert.Equal(["r0", "r1", "r2", "r5", "r6", "r8", "r9"], DeliveryLog.EventsOf(TestTopics.Dedup).Where(e => e.Key == "d1").Select(e => e.Payload));
    }

    [Fact]
    public async Task ARedoneTransactionIsDeliveredOnce()
    {
        using var committer = new TransactionalBatchProducer(new TransactionalBatchProducerOptions
        {
            BootstrapServers = fixture.Bootstrap,
            TransactionalId = "dedup-committer",
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });
        await committer.InitializeAsync(CancellationToken.None);
        var records = Enumerable.Range(0, 30)
            .Select(i => new OutputRecord(TestTopics.Dedup, $"tx{i % 3}", Encoding.UTF8.GetBytes($"tx-{i}"), 1_700_000_000_000 + i))
            .ToList();
        // The aborted first attempt stays visible on the mock broker; its ids come again in the redo.
        fixture.Kafka.PushRequestErrors(ApiKeys.EndTxn, ErrorCode.UnknownProducerId);
        await committer.ProduceEpochAsync("committer", 1, records, CancellationToken.None);
        await committer.ProduceEpochAsync("committer", 2, records.Take(3).ToList(), CancellationToken.None);

        bool IsTx(TestEvent e) => e.Key.StartsWith("tx", StringComparison.Ordinal);
        await KafkaTestClients.WaitUntil(
            () => DeliveryLog.EventsOf(TestTopics.Dedup)
            .Count(e => IsTx(e) && e.RecordId!.StartsWith("committer/2/", StringComparison.Ordinal)) >= 3, "epoch 2 is delivered");

        var delivered = DeliveryLog.EventsOf(TestTopics.Dedup).Where(IsTx).ToList();
        Assert.Equal(33, delivered.Count);
        Assert.Equal(33, delivered.Select(e => (e.Partition, e.RecordId)).Distinct().Count());
        Assert.Equal(
            records.Select(r => Encoding.UTF8.GetString(r.Value)).Order(),
            delivered.Where(e => e.RecordId!.StartsWith("committer/1/", StringComparison.Ordinal)).Select(e => e.Payload).Order());
        var physical = KafkaTestClients.ReadAll(fixture.Bootstrap, TestTopics.Dedup, r => r.Count(x => x.Message.Key[0] == (byte)'t') >= 63);
        Assert.Equal(63, physical.Count(x => x.Message.Key[0] == (byte)'t'));
    }
}
