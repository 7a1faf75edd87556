using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// Splits a provider's partitions evenly between the active silos, like a Kafka consumer group's round-robin assignor:
/// every silo sorts the active silos and the provider's queues the same way and takes every n-th queue, starting at an
/// offset derived from the provider name (so two providers do not both give their extra partitions to the same silo).
/// </summary>
/// <remarks>
/// Orleans' default <c>ConsistentRingQueueBalancer</c> hands out ring ranges of random size: with 8 partitions and
/// three silos one silo often reads four and, a few times in a hundred, a silo that joins gets none at all. Here the
/// counts differ by at most one and a silo that joins reads its share as soon as it is active. A membership change
/// moves more partitions than the ring would; a moved partition's new receiver starts at the committer's checkpoint,
/// as on every hand-over, so that costs re-reading, not correctness. While silos disagree about membership a partition
/// can briefly have two receivers or none; the epoch protocol handles that, as it does with any balancer.
/// </remarks>
internal sealed partial class KafkaQueueBalancer : QueueBalancerBase
{
    private readonly string _providerName;
    private readonly ILogger _logger;
    private IReadOnlyList<QueueId> _allQueues = [];
    private volatile IReadOnlyList<QueueId> _myQueues = [];

    public KafkaQueueBalancer(string providerName, IServiceProvider services, ILogger<KafkaQueueBalancer> logger)
        : base(services, logger)
    {
        _providerName = providerName;
        _logger = logger;
    }

    /// <summary>The factory <c>ConfigurePartitionBalancing</c> takes.</summary>
    public static IStreamQueueBalancer Create(IServiceProvider services, string providerName)
        => ActivatorUtilities.CreateInstance<KafkaQueueBalancer>(services, providerName);

    public override Task Initialize(IStreamQueueMapper queueMapper)
    {
        ArgumentNullException.ThrowIfNull(queueMapper);
        _allQueues = [.. queueMapper.GetAllQueues()];
        return base.Initialize(queueMapper);
    }

    public override IEnumerable<QueueId> GetMyQueues() => _myQueues;

    protected override void OnClusterMembershipChange(HashSet<SiloAddress> activeSilos)
    {
        var mine = Assign(_providerName, _allQueues, activeSilos, SiloAddress);
        _myQueues = mine;
        LogAssigned(_logger, _providerName, mine.Count, _allQueues.Count, activeSilos.Count);
        _ = NotifyListeners().ContinueWith(
            static (task, state) => LogNotifyFailed((ILogger)state!, task.Exception!),
            _logger, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>
    /// The queues <paramref name="me"/> reads when <paramref name="activeSilos"/> are active: a pure function of its
    /// arguments, so every silo with the same view computes the same split. A silo that is not active reads nothing.
    /// </summary>
    internal static IReadOnlyList<QueueId> Assign(
        string providerName, IReadOnlyList<QueueId> queues, IReadOnlyCollection<SiloAddress> activeSilos, SiloAddress me)
    {
        var silos = activeSilos.Order().ToList();
        var index = silos.IndexOf(me);
        if (index < 0)
        {
            return [];
        }

        var offset = (int)(StableHash(providerName) % (uint)silos.Count);
        var mine = new List<QueueId>();
        for (var i = 0; i < queues.Count; i++)
        {
            if ((i + offset) % silos.Count == index)
            {
                mine.Add(queues[i]);
            }
        }

        return mine;
    }

    /// <summary>FNV-1a over the name's UTF-16 code units: the same in every process (string.GetHashCode is not).</summary>
    private static uint StableHash(string value)
    {
        var hash = 2166136261u;
        foreach (var codeUnit in value)
        {
            hash = (hash ^ codeUnit) * 16777619u;
        }

        return hash;
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information,
        Message = "Kafka stream provider {Provider}: this silo reads {Mine} of {All} partitions ({Silos} active silos).")]
    private static partial void LogAssigned(ILogger logger, string provider, int mine, int all, int silos);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Error,
        Message = "Kafka stream provider: a pulling agent manager failed to take a new partition split.")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception);
}
