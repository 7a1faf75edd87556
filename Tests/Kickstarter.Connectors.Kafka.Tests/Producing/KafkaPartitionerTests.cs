using System.Text;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Connectors.Kafka.Producing;

namespace Kickstarter.Connectors.Kafka.Tests.Producing;

public sealed class KafkaPartitionerTests
{
    // Vectors from Apache Kafka, clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java (testMurmur2).
    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Murmur2MatchesTheJavaClient(string key, int expected)
        => Assert.Equal(expected, KafkaPartitioner.Murmur2(Encoding.UTF8.GetBytes(key)));

    [Fact]
    public void PartitionIsThePositiveHashModuloTheCount()
    {
        // toPositive(-790332482) = 1357151166; 1357151166 % 50 = 16.
        Assert.Equal(16, KafkaPartitioner.Murmur2Partition("foobar"u8, 50));
    }

    [Fact]
    public async Task PartitionsAgreeWithLibrdkafkasMurmur2Partitioner()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("placement", partitions: 12);
        using var producer = KafkaTestClients.Producer(cluster.BootstrapServers, "murmur2_random");
        for (var i = 0; i < 200; i++)
        {
            var key = $"SUN{i * 37}";
            var result = await producer.ProduceAsync("placement", new Message<string, string> { Key = key, Value = "v" });
            Assert.Equal(result.Partition.Value, KafkaPartitioner.Murmur2Partition(Encoding.UTF8.GetBytes(key), 12));
        }
    }
}
