using System.Reflection;
using System.Runtime.InteropServices;

namespace Kickstarter.Connectors.Kafka.Embedded;

/// <summary>
/// P/Invoke declarations for the parts of librdkafka that Confluent.Kafka does not wrap: client handle creation
/// for hosting a mock cluster, and the <c>rd_kafka_mock_*</c> API.
/// </summary>
/// <remarks>
/// The library is found by <see cref="LibrdkafkaLocator"/> for the running platform (linux-x64, linux-arm64,
/// osx-arm64, osx-x64, win-x64, ...), in the librdkafka.redist package folder and in the application folder.
/// </remarks>
internal static partial class LibrdkafkaNative
{
    private const string Library = "librdkafka";

    private static readonly Lock ResolverLock = new();
    private static bool _resolverInstalled;

    /// <summary>
    /// Installs the import resolver once per process; later calls do nothing. A call returns only once the resolver is
    /// installed (a flag set before the install let a concurrent second caller P/Invoke first: DllNotFoundException).
    /// </summary>
    public static void EnsureResolver()
    {
        lock (ResolverLock)
        {
            if (!_resolverInstalled)
            {
                NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaNative).Assembly, Resolve);
                _resolverInstalled = true;
            }
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != Library)
        {
            return IntPtr.Zero;
        }

        var (os, architecture, isMusl) = LibrdkafkaLocator.Current();
        return LibrdkafkaLocator.Load(os, architecture, isMusl, AppContext.BaseDirectory);
    }

    internal const int ProducerType = 0;
    internal const int ConfOk = 0;

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_new")]
    internal static partial IntPtr ConfNew();

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_destroy")]
    internal static partial void ConfDestroy(IntPtr conf);

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ConfSet(IntPtr conf, string name, string value, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_new")]
    internal static partial IntPtr KafkaNew(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_destroy")]
    internal static partial void KafkaDestroy(IntPtr rk);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_new")]
    internal static partial IntPtr MockClusterNew(IntPtr rk, int brokerCount);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    internal static partial void MockClusterDestroy(IntPtr cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    internal static partial IntPtr MockClusterBootstraps(IntPtr cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockTopicCreate(IntPtr cluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_down")]
    internal static partial int MockBrokerSetDown(IntPtr cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_up")]
    internal static partial int MockBrokerSetUp(IntPtr cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    internal static partial int MockBrokerSetRtt(IntPtr cluster, int brokerId, int rttMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_partition_set_leader", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockPartitionSetLeader(IntPtr cluster, string topic, int partition, int brokerId);

    // The plain rd_kafka_mock_push_request_errors is variadic, which P/Invoke cannot call portably.
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    internal static partial void MockPushRequestErrorsArray(IntPtr cluster, short apiKey, UIntPtr count, int[] errors);

    // Variadic in C: (error, rtt in ms) pairs follow the count. Bound for exactly one pair, whose two ints travel in
    // registers like fixed arguments on x86-64 System V and Linux arm64 (not on Apple arm64, where this is not used).
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_push_request_error_rtts")]
    internal static partial int MockBrokerPushRequestErrorRtt(
        IntPtr cluster, int brokerId, short apiKey, UIntPtr count, int error, int rttMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_error_stack_cnt")]
    internal static partial int MockBrokerErrorStackCount(IntPtr cluster, int brokerId, short apiKey, out UIntPtr count);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    internal static partial void MockClearRequestErrors(IntPtr cluster, short apiKey);

    internal static string ErrorText(byte[] errstr)
    {
        var end = Array.IndexOf(errstr, (byte)0);
        return System.Text.Encoding.UTF8.GetString(errstr, 0, end < 0 ? errstr.Length : end);
    }
}
