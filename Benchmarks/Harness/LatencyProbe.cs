using System.Text;
using Confluent.Kafka;
using Kickstarter.Grains.Jobs.FlyerStats;

namespace Kickstarter.Benchmarks.Harness;

/// <summary>
/// A read_committed consumer of the flyer stats topic that notes the wall-clock time at which each
/// (flyer, window) result first becomes visible. Latency of a booking = that time for the booking's flyer and
/// window (or the next window the flyer got a result for, where a late flight was counted) minus the booking's
/// Kafka timestamp.
/// </summary>
public sealed class LatencyProbe : IDisposable
{
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly Thread _thread;
    private readonly Dictionary<string, SortedList<long, long>> _seen = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private volatile bool _stop;
    private long _records;

    public LatencyProbe(BenchKafka kafka, string topic)
    {
        var config = kafka.ConsumerConfig("latency-probe-" + Guid.NewGuid().ToString("N"));
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        _consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        _consumer.Assign(Enumerable.Range(0, kafka.Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        _thread = new Thread(Run) { IsBackground = true, Name = "latency-probe" };
        _thread.Start();
    }

    /// <summary>Stats records seen so far.</summary>
    public long Records => Interlocked.Read(ref _records);

    /// <summary>Waits until the probe has read at least <paramref name="count"/> records or the timeout passes.</summary>
    public async Task<bool> WaitForAsync(long count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Records < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return Records >= count;
    }

    /// <summary>
    /// Latencies (ms) of the bookings that become flights: visible − Kafka timestamp, and visible − end of the
    /// booking's one-minute window. Bookings whose result was not seen (or was first seen after
    /// <paramref name="seenBeforeMs"/>) are counted as missing.
    /// </summary>
    public (List<long> FromBooking, List<long> FromWindowEnd, long Missing) Latencies(
        IReadOnlyList<string> pool, IEnumerable<(int Flyer, long TimestampMs, bool Upcoming)> bookings, long seenBeforeMs = long.MaxValue)
    {
        var fromBooking = new List<long>();
        var fromWindowEnd = new List<long>();
        long missing = 0;
        lock (_gate)
        {
            foreach (var (flyer, ts, upcoming) in bookings)
            {
                if (!upcoming)
                {
                    continue;
                }

                var window = TumblingWindows.StartOf(ts);
                if (!_seen.TryGetValue(pool[flyer], out var windows)
                    || FirstAtOrAfter(windows, window) is not { } seenMs
                    || seenMs > seenBeforeMs)
                {
                    missing++;
                    continue;
                }

                fromBooking.Add(seenMs - ts);
                fromWindowEnd.Add(seenMs - TumblingWindows.EndOf(window));
            }
        }

        return (fromBooking, fromWindowEnd, missing);
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        _consumer.Close();
        _consumer.Dispose();
    }

    private static long? FirstAtOrAfter(SortedList<long, long> windows, long window)
    {
        var keys = windows.Keys;
        int lo = 0, hi = keys.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (keys[mid] >= window)
            {
                found = mid;
                hi = mid - 1;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return found < 0 ? null : windows.Values[found];
    }

    private void Run()
    {
        while (!_stop)
        {
            var result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result?.Message is not { } message)
            {
                continue;
            }

            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var email = Encoding.UTF8.GetString(message.Key ?? []);
            var window = TumblingWindows.StartOf(message.Timestamp.UnixTimestampMs);
            lock (_gate)
            {
                if (!_seen.TryGetValue(email, out var windows))
                {
                    _seen[email] = windows = [];
                }

                windows.TryAdd(window, now);
            }

            Interlocked.Increment(ref _records);
        }
    }
}
