using System.Text;
using Confluent.Kafka;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>One record read back from a topic; <see cref="Value"/> is the value as UTF-8 text (JSON), <see cref="Bytes"/> as sent (Avro).</summary>
public sealed record ReadRecord(
    int Partition, long Offset, string Key, string Value, long TimestampMs, IReadOnlyDictionary<string, string> Headers, byte[] Bytes);

/// <summary>Reads a whole topic, as a read_committed consumer sees it, up to its current end.</summary>
public static class TopicReader
{
    public static List<ReadRecord> ReadAll(string bootstrap, string topic, TimeSpan timeout)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => p.PartitionId).ToList();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "test-reader-" + Guid.NewGuid().ToString("N"),
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();

        var ends = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
        var open = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        consumer.Assign(open.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ReadRecord>();
        var deadline = DateTime.UtcNow + timeout;
        while (open.Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Reading {topic}: partitions {string.Join(",", open)} did not reach their end.");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                // Transaction markers occupy offsets no record has: check positions too.
                foreach (var p in open.ToList())
                {
                    var position = consumer.Position(new TopicPartition(topic, p));
                    if (position != Offset.Unset && position.Value >= ends[p])
                    {
                        open.Remove(p);
                    }
                }

                continue;
            }

            if (result.IsPartitionEOF)
            {
                continue;
            }

            var headers = result.Message.Headers?.ToDictionary(h => h.Key, h => Encoding.UTF8.GetString(h.GetValueBytes())) ?? [];
            records.Add(new ReadRecord(result.Partition.Value, result.Offset.Value,
                Encoding.UTF8.GetString(result.Message.Key ?? []), Encoding.UTF8.GetString(result.Message.Value ?? []),
                result.Message.Timestamp.UnixTimestampMs, headers, result.Message.Value ?? []));
            if (result.Offset.Value + 1 >= ends[result.Partition.Value])
            {
                open.Remove(result.Partition.Value);
            }
        }

        return records;
    }
}
