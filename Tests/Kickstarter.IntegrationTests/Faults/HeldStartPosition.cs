using Kickstarter.Connectors.Kafka.Streams;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// The receivers' start-position source (the job's committer) with partitions a test can hold: while held, a
/// partition's receiver is refused its start position, as when the committer cannot be reached yet, and retries on
/// its next poll without registering (so no barrier reports it). Everything else passes through.
/// </summary>
internal sealed class HeldStartPosition(IKafkaCheckpointSource inner) : IKafkaCheckpointSource
{
    /// <summary>The test classes using this gate (its state is static): xunit runs them one after the other.</summary>
    public const string Collection = "held start positions";

    private static readonly Lock Sync = new();
    private static (string Topic, int Partition)? _held;
    private static bool _holdEvery;
    private static int _refusals;

    /// <summary>How many times the held partition's receiver asked and was refused.</summary>
    public static int Refusals => Volatile.Read(ref _refusals);

    /// <summary>Holds <paramref name="topic"/>/<paramref name="partition"/> from now on.</summary>
    public static void Hold(string topic, int partition)
    {
        lock (Sync)
        {
            _held = (topic, partition);
            _refusals = 0;
        }
    }

    /// <summary>Holds every partition whose receiver starts from now on (a partition moving to another silo, say).</summary>
    public static void HoldEvery()
    {
        lock (Sync)
        {
            _holdEvery = true;
            _refusals = 0;
        }
    }

    /// <summary>Lets the held receivers start on their next attempt.</summary>
    public static void Release()
    {
        lock (Sync)
        {
            _held = null;
            _holdEvery = false;
        }
    }

    public Task<PartitionCheckpoint?> GetCheckpointAsync(string provider, string topic, int partition, CancellationToken cancellationToken)
    {
        lock (Sync)
        {
            if (_holdEvery || _held == (topic, partition))
            {
                Interlocked.Increment(ref _refusals);
                throw new TimeoutException($"start position of {topic}/{partition} held by the test");
            }
        }

        return inner.GetCheckpointAsync(provider, topic, partition, cancellationToken);
    }
}
