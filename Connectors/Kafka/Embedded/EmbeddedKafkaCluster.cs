using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Kickstarter.Connectors.Kafka.Embedded;

/// <summary>
/// An in-process Kafka cluster: librdkafka's mock cluster, reached over real TCP by any Kafka client.
/// For tests and the embedded (single-process) mode; not a durable broker.
/// </summary>
/// <remarks>
/// Limits of the mock (librdkafka 2.16.0): each partition keeps only about 5 MB of records (older ones are dropped,
/// so produce compressed and size preloads accordingly); read_committed consumers still see records of aborted
/// transactions; offsets sent with SendOffsetsToTransaction are not stored. Plain consumer-group commits are.
/// </remarks>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    /// <summary>Approximate number of bytes the mock keeps per partition (hard-coded in librdkafka).</summary>
    public const long ApproximateBytesKeptPerPartition = 5L * 1024 * 1024;

    private readonly object _gate = new();
    private IntPtr _clientHandle;
    private IntPtr _clusterHandle;

    private EmbeddedKafkaCluster(IntPtr clientHandle, IntPtr clusterHandle, string bootstrapServers, int brokerCount)
    {
        _clientHandle = clientHandle;
        _clusterHandle = clusterHandle;
        BootstrapServers = bootstrapServers;
        BrokerCount = brokerCount;
    }

    /// <summary>Comma-separated host:port list of the mock brokers.</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers; broker ids run from 1 to this number.</summary>
    public int BrokerCount { get; }

    /// <summary>Starts a mock cluster with <paramref name="brokerCount"/> brokers listening on loopback.</summary>
    public static EmbeddedKafkaCluster Start(int brokerCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        LibrdkafkaNative.EnsureResolver();

        var errstr = new byte[512];
        var conf = LibrdkafkaNative.ConfNew();
        // The hosting handle never connects anywhere; keep its own log quiet.
        SetOrThrow(conf, "log_level", "3", errstr);
        SetOrThrow(conf, "client.id", "kickstarter-embedded-kafka", errstr);
        var rk = LibrdkafkaNative.KafkaNew(LibrdkafkaNative.ProducerType, conf, errstr, (UIntPtr)errstr.Length);
        if (rk == IntPtr.Zero)
        {
            // rd_kafka_new does not take ownership of conf when it fails.
            LibrdkafkaNative.ConfDestroy(conf);
            throw new InvalidOperationException($"rd_kafka_new failed: {LibrdkafkaNative.ErrorText(errstr)}");
        }

        var cluster = LibrdkafkaNative.MockClusterNew(rk, brokerCount);
        if (cluster == IntPtr.Zero)
        {
            LibrdkafkaNative.KafkaDestroy(rk);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }

        var bootstraps = Marshal.PtrToStringUTF8(LibrdkafkaNative.MockClusterBootstraps(cluster))
            ?? throw new InvalidOperationException("rd_kafka_mock_cluster_bootstraps returned null.");
        return new EmbeddedKafkaCluster(rk, cluster, bootstraps, brokerCount);
    }

    /// <summary>Creates a topic; fails if it exists with another layout.</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        lock (_gate)
        {
            ThrowIfError(LibrdkafkaNative.MockTopicCreate(Cluster(), topic, partitions, replicationFactor), $"create topic '{topic}'");
        }
    }

    /// <summary>Makes broker <paramref name="brokerId"/> (1-based) close its connections and refuse new ones.</summary>
    public void SetBrokerDown(int brokerId)
    {
        lock (_gate)
        {
            ThrowIfError(LibrdkafkaNative.MockBrokerSetDown(Cluster(), brokerId), $"set broker {brokerId} down");
        }
    }

    /// <summary>Brings broker <paramref name="brokerId"/> back.</summary>
    public void SetBrokerUp(int brokerId)
    {
        lock (_gate)
        {
            ThrowIfError(LibrdkafkaNative.MockBrokerSetUp(Cluster(), brokerId), $"set broker {brokerId} up");
        }
    }

    /// <summary>Delays every response of broker <paramref name="brokerId"/> by <paramref name="roundTripTime"/> (zero to undo).</summary>
    public void SetBrokerRoundTripTime(int brokerId, TimeSpan roundTripTime)
    {
        lock (_gate)
        {
            ThrowIfError(LibrdkafkaNative.MockBrokerSetRtt(Cluster(), brokerId, (int)roundTripTime.TotalMilliseconds),
                $"set the round-trip time of broker {brokerId}");
        }
    }

    /// <summary>Moves the leadership of <paramref name="topic"/>/<paramref name="partition"/> to broker
    /// <paramref name="brokerId"/>.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        lock (_gate)
        {
            ThrowIfError(LibrdkafkaNative.MockPartitionSetLeader(Cluster(), topic, partition, brokerId),
                $"move the leader of {topic}/{partition} to broker {brokerId}");
        }
    }

    /// <summary>
    /// Makes the next requests with <paramref name="apiKey"/> (see <see cref="ApiKeys"/>) fail, one error per request,
    /// in the given order, on whichever broker receives them.
    /// </summary>
    public void PushRequestErrors(short apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var codes = Array.ConvertAll(errors, e => (int)e);
        lock (_gate)
        {
            LibrdkafkaNative.MockPushRequestErrorsArray(Cluster(), apiKey, (UIntPtr)codes.Length, codes);
        }
    }

    /// <summary>
    /// Broker <paramref name="brokerId"/> handles its next <paramref name="apiKey"/> request normally (it takes effect)
    /// but holds the answer for <paramref name="delay"/>: a client with a shorter timeout sees a request that timed out
    /// and still landed. Linux only (the native call is variadic).
    /// </summary>
    public void DelayNextResponse(int brokerId, short apiKey, TimeSpan delay)
    {
        lock (_gate)
        {
            ThrowIfError(
                LibrdkafkaNative.MockBrokerPushRequestErrorRtt(Cluster(), brokerId, apiKey, 1, 0, (int)delay.TotalMilliseconds),
                $"delay the next response to API {apiKey} on broker {brokerId}");
        }
    }

    /// <summary>
    /// Makes broker <paramref name="brokerId"/> answer its next <paramref name="count"/> <paramref name="apiKey"/>
    /// requests with <paramref name="error"/>; other brokers answer normally. Linux only (the native call is variadic).
    /// </summary>
    public void PushBrokerRequestErrors(int brokerId, short apiKey, ErrorCode error, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            for (var pushed = 0; pushed < count; pushed++)
            {
                ThrowIfError(
                    LibrdkafkaNative.MockBrokerPushRequestErrorRtt(Cluster(), brokerId, apiKey, 1, (int)error, 0),
                    $"queue error {error} for API {apiKey} on broker {brokerId}");
            }
        }
    }

    /// <summary>
    /// How many errors queued by <see cref="PushBrokerRequestErrors"/> broker <paramref name="brokerId"/> has not
    /// answered yet: each request it answered with one counted down, so a test can wait for a client's attempts.
    /// </summary>
    public int BrokerRequestErrorsLeft(int brokerId, short apiKey)
    {
        lock (_gate)
        {
            ThrowIfError(
                LibrdkafkaNative.MockBrokerErrorStackCount(Cluster(), brokerId, apiKey, out var count),
                $"count the errors queued for API {apiKey} on broker {brokerId}");
            return checked((int)count);
        }
    }

    /// <summary>Drops errors still queued for <paramref name="apiKey"/>.</summary>
    public void ClearRequestErrors(short apiKey)
    {
        lock (_gate)
        {
            LibrdkafkaNative.MockClearRequestErrors(Cluster(), apiKey);
        }
    }

    /// <summary>Stops the brokers and frees the native handles. Safe to call more than once, from any thread.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_clusterHandle != IntPtr.Zero)
            {
                LibrdkafkaNative.MockClusterDestroy(_clusterHandle);
                _clusterHandle = IntPtr.Zero;
            }

            if (_clientHandle != IntPtr.Zero)
            {
                LibrdkafkaNative.KafkaDestroy(_clientHandle);
                _clientHandle = IntPtr.Zero;
            }
        }
    }

    private IntPtr Cluster()
    {
        ObjectDisposedException.ThrowIf(_clusterHandle == IntPtr.Zero, this);
        return _clusterHandle;
    }

    private static void ThrowIfError(int error, string what)
    {
        if (error != 0)
        {
            throw new KafkaException(new Error((ErrorCode)error, $"Embedded Kafka cluster could not {what}: {(ErrorCode)error}"));
        }
    }

    private static void SetOrThrow(IntPtr conf, string name, string value, byte[] errstr)
    {
        if (LibrdkafkaNative.ConfSet(conf, name, value, errstr, (UIntPtr)errstr.Length) != LibrdkafkaNative.ConfOk)
        {
            LibrdkafkaNative.ConfDestroy(conf);
            throw new InvalidOperationException($"rd_kafka_conf_set({name}) failed: {LibrdkafkaNative.ErrorText(errstr)}");
        }
    }
}
