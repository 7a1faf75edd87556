using System.Net;
using Kickstarter.Connectors.Kafka.Streams;
using Orleans.Streams;

namespace Kickstarter.Connectors.Kafka.Tests.Streams;

/// <summary>The even split of a provider's partitions between active silos, computed by each silo on its own.</summary>
public sealed class KafkaQueueBalancerTests
{
    private static readonly SiloAddress[] Silos = [Silo(11111), Silo(11112), Silo(11113), Silo(11114)];

    [Theory]
    [InlineData("airlines", 8, 1)]
    [InlineData("airlines", 8, 3)]
    [InlineData("flights", 4, 3)]
    [InlineData("flights", 4, 4)]
    [InlineData("airlines", 2, 3)]
    public void EveryPartitionHasExactlyOneReaderAndTheCountsDifferByAtMostOne(string provider, int partitions, int silos)
    {
        var queues = Queues(provider, partitions);
        var active = Silos.Take(silos).ToHashSet();

        var split = active.ToDictionary(s => s, s => KafkaQueueBalancer.Assign(provider, queues, active, s));

        var assigned = split.Values.SelectMany(q => q).ToList();
        Assert.Equal(partitions, assigned.Count);
        Assert.Equal(queues.ToHashSet(), assigned.ToHashSet());
        var counts = split.Values.Select(q => q.Count).ToList();
        Assert.True(counts.Max() - counts.Min() <= 1, $"uneven split: {string.Join(", ", counts)}");
    }

    [Fact]
    public void EverySiloComputesTheSameSplitWhateverOrderItSeesTheMembersIn()
    {
        var queues = Queues("airlines", 8);
        var one = new List<SiloAddress> { Silos[2], Silos[0], Silos[1] };
        var other = new List<SiloAddress> { Silos[1], Silos[2], Silos[0] };

        foreach (var silo in one)
        {
            Assert.Equal(KafkaQueueBalancer.Assign("airlines", queues, one, silo), KafkaQueueBalancer.Assign("airlines", queues, other, silo));
        }
    }

    [Fact]
    public void ASiloThatJoinsReadsItsShareAndOneThatIsNotActiveReadsNothing()
    {
        var queues = Queues("airlines", 8);
        var before = Silos.Take(3).ToList();
        var after = Silos.ToList();

        Assert.Empty(KafkaQueueBalancer.Assign("airlines", queues, before, Silos[3]));
        Assert.Equal(2, KafkaQueueBalancer.Assign("airlines", queues, after, Silos[3]).Count);
    }

    [Fact]
    public void ProvidersWithTheSameCountsDoNotAllGiveTheirExtraPartitionToTheSameSilo()
    {
        // 3 silos, 4 partitions each: the silo with the extra one depends on the provider name.
        var active = Silos.Take(3).ToList();
        var names = Enumerable.Range(0, 20).Select(i => $"provider-{i}").ToList();

        var takersOfTheExtra = names
            .Select(name => active.Single(s => KafkaQueueBalancer.Assign(name, Queues(name, 4), active, s).Count == 2))
            .Distinct()
            .Count();

        Assert.True(takersOfTheExtra > 1, "every provider gave its extra partition to the same silo");
    }

    private static List<QueueId> Queues(string provider, int count)
        => [.. Enumerable.Range(0, count).Select(i => QueueId.GetQueueId(provider, (uint)i, (uint)i * 1000))];

    private static SiloAddress Silo(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1);
}
