using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Streams;

namespace Kickstarter.IntegrationTests.Chaos;

/// <summary>
/// Tails a topic from its end, read_uncommitted, and counts the records of each epoch of one producer (by the
/// <see cref="KafkaRecordId"/> header): records of an epoch in the log are the sign that its transaction has begun and
/// produced, whether or not it has committed yet.
/// </summary>
internal sealed class EpochRecordWatcher : IDisposable
{
    private readonly ConcurrentDictionary<long, int> _counts = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public EpochRecordWatcher(string bootstrap, string topic, int partitions, string producer)
    {
        var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "chaos-watcher-" + Guid.NewGuid().ToString("N"),
            IsolationLevel = IsolationLevel.ReadUncommitted,
            EnableAutoCommit = false,
            // Fetch as soon as anything is there: the transaction being watched is open for about a second.
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.End)));
        _loop = Task.Factory.StartNew(() => Run(consumer, producer), TaskCreationOptions.LongRunning);
    }

    /// <summary>Waits until a record of <paramref name="epoch"/> is seen; returns how many were, 0 after the timeout.</summary>
    public async Task<int> WaitForEpochAsync(long epoch, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_counts.TryGetValue(epoch, out var count))
            {
                return count;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }

        return 0;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private void Run(IConsumer<byte[], byte[]> consumer, string producer)
    {
        using (consumer)
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(50));
                if (result?.Message?.Headers?.TryGetLastBytes(KafkaRecordId.HeaderName, out var header) == true &&
                    KafkaRecordId.TryParse(Encoding.UTF8.GetString(header), out var id) && id.Value.Producer == producer)
                {
                    _counts.AddOrUpdate(id.Value.Epoch, 1, (_, count) => count + 1);
                }
            }
        }
    }
}
