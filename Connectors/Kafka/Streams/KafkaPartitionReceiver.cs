using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Options;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// Reads one topic-partition with an explicitly assigned consumer (no group rebalance, no Kafka-side commits) and
/// hands out one container per key per poll. Pausing, checkpointing and rewinding happen under one lock so that a
/// barrier's position and what was handed out can never disagree.
/// </summary>
internal sealed partial class KafkaPartitionReceiver : IQueueAdapterReceiver
{
    private static readonly IList<IBatchContainer> Nothing = Array.Empty<IBatchContainer>();

    private readonly string providerName;
    private readonly KafkaStreamOptions options;
    private readonly RecordHandOut handOut;
    private readonly IKafkaCheckpointSource? checkpointSource;
    private readonly KafkaReceiverRegistry registry;
    private readonly ILogger logger;
    private readonly IKafkaCredentialSource? credentials;
    private readonly Lock gate = new();
    private readonly List<ConsumeResult<byte[]?, byte[]?>> pending = [];
    private readonly List<Task> deadLettersInFlight = [];
    private readonly PartitionProgress progress;
    private IConsumer<byte[]?, byte[]?>? consumer;
    private IDisposable? rotation;
    private int pendingIndex;
    private int generation;
    private bool paused;
    private bool polling;
    private long handedOutContainers;
    private SeekRequest? seekRequest;
    private volatile bool started;
    private long idlePosition = -1;
    private long lag = -1;

    /// <summary>How long one attempt to fetch the start position may take before the receiver tries again.</summary>
    private static readonly TimeSpan StartPositionTimeout = TimeSpan.FromSeconds(5);

    public KafkaPartitionReceiver(
        string providerName, QueueId queueId, TopicPartition partition, KafkaStreamOptions options, IKafkaRecordDeserializer deserializer,
        IKafkaCheckpointSource? checkpointSource, DeadLetterProducer deadLetters, KafkaReceiverRegistry registry, ILogger logger,
        IKafkaCredentialSource? credentials = null)
    {
        this.credentials = credentials;
        this.providerName = providerName;
        QueueId = queueId;
        this.options = options;
        handOut = new RecordHandOut(providerName, options.DeadLetterTopic, deserializer, deadLetters, logger);
        this.checkpointSource = checkpointSource;
        this.registry = registry;
        this.logger = logger;
        progress = new PartitionProgress(partition, null);
    }

    public QueueId QueueId { get; }

    public TopicPartition Partition => progress.Partition;

    internal long MalformedCount => handOut.MalformedCount;

    /// <summary>High watermark minus position after the last poll; null before the first.</summary>
    internal long? Lag => Volatile.Read(ref lag) is var value && value >= 0 ? value : null;

    /// <summary>True once the receiver has its start position and reads its partition.</summary>
    internal bool IsReading => started;

    internal long DuplicateCount => handOut.DuplicateCount;

    /// <remarks>
    /// Nothing here may fail for long: Orleans does not retry a receiver whose initialization failed, and the
    /// checkpoint source (the job's committer) can be unreachable for seconds while the silo that hosted it is declared
    /// dead. So the receiver only creates its consumer here and fetches its start position on its first polls,
    /// retrying until it gets one; until then it is not registered, so barriers neither wait for it nor report it.
    /// </remarks>
    public Task Initialize(TimeSpan timeout)
    {
        rotation?.Dispose();
        consumer?.Dispose();
        var config = KafkaClientConfig.Consumer(options, providerName, Partition.Topic, Partition.Partition.Value);
        credentials?.Apply(config);
        consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, m) => KafkaStreamLog.ClientLog(logger, providerName, $"{Partition.Topic}/{Partition.Partition.Value}", m.Level.ToString(), m.Message))
            .Build();
        // Rotated keys reach the live consumer in place: re-creating it would lose its fetch position and buffers.
        rotation = credentials?.Track(consumer);
        started = false;
        KafkaStreamMetrics.Track(this);
        return Task.CompletedTask;
    }

    /// <summary>Fetches the start position and starts reading; false (retried on the next poll) when the source cannot answer yet.</summary>
    private async Task<bool> TryStartAsync(CancellationToken cancellationToken)
    {
        PartitionCheckpoint? start = null;
        if (checkpointSource is not null)
        {
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                cts.CancelAfter(StartPositionTimeout);
                start = await checkpointSource.GetCheckpointAsync(providerName, Partition.Topic, Partition.Partition.Value, cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                KafkaStreamLog.StartPositionUnavailable(logger, providerName, Partition.Topic, Partition.Partition.Value, ex);
                return false;
            }
        }

        lock (gate)
        {
            if (consumer is not { } current)
            {
                return false; // shut down meanwhile
            }

            progress.Reset(start);
            current.Assign(new TopicPartitionOffset(Partition, start is null ? Offset.Beginning : new Offset(start.NextOffset)));
            paused = registry.Register(this);
            started = true;
        }

        KafkaStreamLog.ReceiverStarted(logger, providerName, Partition.Topic, Partition.Partition.Value,
            start is null ? "the beginning" : $"offset {start.NextOffset}", start is null ? "no checkpoint" : "checkpoint");
        return true;
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        // A synchronously completing receiver turns the agent's read loop into second-long turns.
        await Task.Yield();
        if (!started && !await TryStartAsync(cancellationToken).ConfigureAwait(false))
        {
            return Nothing;
        }

        int observedGeneration;
        bool needRecords;
        lock (gate)
        {
            ApplySeekRequest();
            if (paused)
            {
                return Nothing;
            }

            observedGeneration = generation;
            needRecords = pendingIndex >= pending.Count;
            polling = needRecords;
        }

        // Read outside the lock so a barrier never waits for a poll; a rewind in between bumps the generation.
        List<ConsumeResult<byte[]?, byte[]?>>? polled;
        try
        {
            polled = needRecords ? Poll(cancellationToken) : null;
        }
        catch
        {
            lock (gate)
            {
                polling = false;
            }

            throw;
        }

        lock (gate)
        {
            polling = false;
            if (observedGeneration != generation)
            {
                return Nothing;
            }

            if (polled is not null)
            {
                pending.Clear();
                pending.AddRange(polled);
                pendingIndex = 0;
                idlePosition = polled.Count == 0 ? PositionOrUnset() : -1;
            }

            if (paused)
            {
                return Nothing;
            }

            deadLettersInFlight.RemoveAll(t => t.IsCompletedSuccessfully);
            var before = pendingIndex;
            var containers = handOut.Take(pending, ref pendingIndex, maxCount <= 0 ? int.MaxValue : maxCount, progress, deadLettersInFlight);
            handedOutContainers += containers.Count;
            KafkaStreamMetrics.RecordConsumed(Partition.Topic, Partition.Partition.Value, pendingIndex - before);
            return containers;
        }
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => Task.CompletedTask;

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task Shutdown(TimeSpan timeout)
    {
        registry.Unregister(this);
        KafkaStreamMetrics.Untrack(this);
        lock (gate)
        {
            seekRequest?.Completion.TrySetCanceled();
            seekRequest = null;
        }

        var closing = consumer;
        consumer = null;
        rotation?.Dispose();
        rotation = null;
        closing?.Close();
        closing?.Dispose();
        return Task.CompletedTask;
    }

    private long PositionOrUnset()
    {
        try
        {
            return consumer?.Position(Partition) is { } position && position != Offset.Unset ? position.Value : -1;
        }
        catch (KafkaException)
        {
            return -1;
        }
    }

    private List<ConsumeResult<byte[]?, byte[]?>>? Poll(CancellationToken cancellationToken)
    {
        var current = consumer;
        if (current is null)
        {
            return null;
        }

        var polled = new List<ConsumeResult<byte[]?, byte[]?>>();
        try
        {
            var timeout = options.PollTimeout;
            while (polled.Count < options.MaxRecordsPerPoll && !cancellationToken.IsCancellationRequested)
            {
                var record = current.Consume(timeout);
                if (record is null || record.IsPartitionEOF)
                {
                    break;
                }

                polled.Add(record);
                timeout = TimeSpan.Zero;
            }
        }
        catch (ConsumeException ex)
        {
            // Keep what was read; offset-out-of-range (auto.offset.reset=error) surfaces here and is never skipped.
            KafkaStreamLog.ConsumeFailed(logger, providerName, Partition.Topic, Partition.Partition.Value, ex.Error.Code, ex);
            if (polled.Count == 0)
            {
                throw;
            }
        }

        ObserveLag(current);
        return polled;
    }

    /// <summary>Lag from the client's cached high watermark (no broker round trip) and its position.</summary>
    private void ObserveLag(IConsumer<byte[]?, byte[]?> current)
    {
        try
        {
            var high = current.GetWatermarkOffsets(Partition).High;
            var position = current.Position(Partition);
            if (high != Offset.Unset && position != Offset.Unset)
            {
                Volatile.Write(ref lag, Math.Max(0, high.Value - position.Value));
            }
        }
        catch (KafkaException)
        {
            // Lag is for dashboards only; a client that cannot say keeps the last value.
        }
    }

    private sealed class SeekRequest(Offset offset)
    {
        public Offset Offset { get; } = offset;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>A checkpoint taken at pause time, before the caught-up check, and how far the consumer had read.</summary>
internal readonly record struct PartitionProgressSnapshot(PartitionCheckpoint Checkpoint, long ConsumedUpTo);
