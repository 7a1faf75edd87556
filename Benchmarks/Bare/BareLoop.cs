using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Kickstarter.Benchmarks.Harness;
using Kickstarter.Connectors.Kafka.Streams;

namespace Kickstarter.Benchmarks.Bare;

/// <summary>
/// The skeleton both bare apps share: one consumer assigned every partition of its sources from the beginning, one
/// transactional producer, a transaction committed every commit interval (with the consumed offsets sent to it, as a
/// Kafka Streams or Flink job would), and an end once every partition is read to its end.
/// </summary>
public abstract class BareLoop(BenchKafka kafka, IReadOnlyList<string> sources, string transactionalId, TimeSpan commitInterval)
{
    private readonly Dictionary<TopicPartition, long> _next = [];
    private long _sequence;

    /// <summary>Records consumed.</summary>
    public long Consumed { get; private set; }

    /// <summary>Records produced.</summary>
    public long Produced { get; private set; }

    /// <summary>Transactions committed.</summary>
    public int Transactions { get; private set; }

    /// <summary>Seconds from start to the commit that covered the whole input.</summary>
    public double Seconds { get; private set; }

    /// <summary>Seconds from start until the whole input was read (before the commit that covers it).</summary>
    public double ReachedEndSeconds { get; private set; }

    protected IProducer<string, byte[]> Producer { get; private set; } = null!;

    /// <summary>Handles one record inside the open transaction.</summary>
    protected abstract void OnRecord(in KafkaRecordContext record);

    /// <summary>Called just before each commit (aggregating apps emit here).</summary>
    protected virtual void BeforeCommit()
    {
    }

    /// <summary>Runs until every source partition is read to the end offsets <paramref name="ends"/> returns (asked once
    /// <paramref name="sourcesComplete"/> is done).</summary>
    public void Run(Task sourcesComplete, Func<Dictionary<TopicPartition, long>> ends, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var consumer = new ConsumerBuilder<string, byte[]>(kafka.ConsumerConfig(transactionalId + "-group")).Build();
        using var producer = new ProducerBuilder<string, byte[]>(kafka.ProducerConfig(transactionalId)).Build();
        Producer = producer;
        var partitions = sources.SelectMany(t => Enumerable.Range(0, kafka.Partitions).Select(p => new TopicPartition(t, p))).ToList();
        consumer.Assign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        producer.InitTransactions(TimeSpan.FromSeconds(30));
        producer.BeginTransaction();
        var lastCommit = clock.Elapsed;
        Dictionary<TopicPartition, long>? end = null;
        var sinceCheck = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var result = consumer.Consume(TimeSpan.FromMilliseconds(20));
            if (result?.Message is { } message)
            {
                var tp = result.TopicPartition;
                OnRecord(new KafkaRecordContext(tp.Topic, tp.Partition.Value, result.Offset.Value, message.Timestamp.UnixTimestampMs,
                    message.Key ?? "", message.Value ?? ReadOnlyMemory<byte>.Empty, message.Headers));
                _next[tp] = result.Offset.Value + 1;
                Consumed++;
            }

            if (clock.Elapsed - lastCommit >= commitInterval)
            {
                Commit(consumer);
                producer.BeginTransaction();
                lastCommit = clock.Elapsed;
            }

            if (result is null || ++sinceCheck >= 10_000)
            {
                sinceCheck = 0;
                if (end is null && sourcesComplete.IsCompleted)
                {
                    end = ends();
                }

                if (end is not null && partitions.All(tp => Position(consumer, tp) >= end[tp]))
                {
                    break;
                }
            }
        }

        // Like the pipeline, commit only on the interval's tick: the run ends with the first commit covering everything.
        ReachedEndSeconds = clock.Elapsed.TotalSeconds;
        var untilTick = lastCommit + commitInterval - clock.Elapsed;
        if (untilTick > TimeSpan.Zero)
        {
            Thread.Sleep(untilTick);
        }

        Commit(consumer);
        Seconds = clock.Elapsed.TotalSeconds;
    }

    /// <summary>Produces one output record in the open transaction, with an id header like the pipeline's.</summary>
    protected void Produce(string topic, string key, byte[] value, long timestampMs)
    {
        var message = new Message<string, byte[]>
        {
            Key = key,
            Value = value,
            Timestamp = new Timestamp(timestampMs, TimestampType.CreateTime),
            Headers = [new Header("kickstarter-id", Encoding.UTF8.GetBytes($"{transactionalId}/{Transactions + 1}/{++_sequence}"))],
        };
        while (true)
        {
            try
            {
                Producer.Produce(topic, message);
                Produced++;
                return;
            }
            catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
            {
                Producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    private long Position(IConsumer<string, byte[]> consumer, TopicPartition tp)
    {
        var position = consumer.Position(tp);
        var next = _next.GetValueOrDefault(tp);
        return position == Offset.Unset ? next : Math.Max(next, position.Value);
    }

    private void Commit(IConsumer<string, byte[]> consumer)
    {
        BeforeCommit();
        var offsets = _next.Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)).ToList();
        if (offsets.Count > 0)
        {
            Producer.SendOffsetsToTransaction(offsets, consumer.ConsumerGroupMetadata, TimeSpan.FromSeconds(30));
        }

        Producer.CommitTransaction(TimeSpan.FromSeconds(60));
        Transactions++;
    }
}
