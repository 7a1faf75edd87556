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

    private readonly string _providerName;
    private readonly KafkaStreamOptions _options;
    private readonly RecordHandOut _handOut;
    private readonly IKafkaCheckpointSource? _checkpointSource;
    private readonly KafkaReceiverRegistry _registry;
    private readonly ILogger _logger;
    private readonly IKafkaCredentialSource? _credentials;
    private readonly Lock _gate = new();
    private readonly List<ConsumeResult<byte[]?, byte[]?>> _pending = [];
    private readonly List<Task> _deadLettersInFlight = [];
    private readonly PartitionProgress _progress;
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private IDisposable? _rotation;
    private int _pendingIndex;
    private int _generation;
    private bool _paused;
    private bool _polling;
    private long _handedOutContainers;
    private SeekRequest? _seekRequest;
    private volatile bool _started;
    private long _idlePosition = -1;
    private long _lag = -1;

    /// <summary>How long one attempt to fetch the start position may take before the receiver tries again.</summary>
    private static readonly TimeSpan StartPositionTimeout = TimeSpan.FromSeconds(5);

    public KafkaPartitionReceiver(
        string providerName, QueueId queueId, TopicPartition partition, KafkaStreamOptions options, IKafkaRecordDeserializer deserializer,
        IKafkaCheckpointSource? checkpointSource, DeadLetterProducer deadLetters, KafkaReceiverRegistry registry, ILogger logger,
        IKafkaCredentialSource? credentials = null)
    {
        _credentials = credentials;
        _providerName = providerName;
        QueueId = queueId;
        _options = options;
        _handOut = new RecordHandOut(providerName, options.DeadLetterTopic, deserializer, deadLetters, logger);
        _checkpointSource = checkpointSource;
        _registry = registry;
        _logger = logger;
        _progress = new PartitionProgress(partition, null);
    }

    public QueueId QueueId { get; }

    public TopicPartition Partition => _progress.Partition;

    internal long MalformedCount => _handOut.MalformedCount;

    /// <summary>High watermark minus position after the last poll; null before the first.</summary>
    internal long? Lag => Volatile.Read(ref _lag) is var value && value >= 0 ? value : null;

    /// <summary>True once the receiver has its start position and reads its partition.</summary>
    internal bool IsReading => _started;

    internal long DuplicateCount => _handOut.DuplicateCount;

    /// <remarks>
    /// Nothing here may fail for long: Orleans does not retry a receiver whose initialization failed, and the
    /// checkpoint source (the job's committer) can be unreachable for seconds while the silo that hosted it is declared
    /// dead. So the receiver only creates its consumer here and fetches its start position on its first polls,
    /// retrying until it gets one; until then it is not registered, so barriers neither wait for it nor report it.
    /// </remarks>
    public Task Initialize(TimeSpan timeout)
    {
        _rotation?.Dispose();
        _consumer?.Dispose();
        var config = KafkaClientConfig.Consumer(_options, _providerName, Partition.Topic, Partition.Partition.Value);
        _credentials?.Apply(config);
        var client = $"{Partition.Topic}/{Partition.Partition.Value}"; // named once, not per log message
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, message) => KafkaStreamLog.ClientLog(_logger, _providerName, client, message.Level, message.Message))
            .Build();
        // Rotated keys reach the live consumer in place: re-creating it would lose its fetch position and buffers.
        _rotation = _credentials?.Track(_consumer);
        _started = false;
        KafkaStreamMetrics.Track(this);
        return Task.CompletedTask;
    }

    /// <summary>Fetches the start position and starts reading; false (retried on the next poll) when the source cannot answer
    /// yet.</summary>
    private async Task<bool> TryStartAsync(CancellationToken cancellationToken)
    {
        PartitionCheckpoint? start = null;
        if (_checkpointSource is not null)
        {
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                cts.CancelAfter(StartPositionTimeout);
                start = await _checkpointSource.GetCheckpointAsync(_providerName, Partition.Topic, Partition.Partition.Value, cts.Token)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                KafkaStreamLog.StartPositionUnavailable(_logger, _providerName, Partition.Topic, Partition.Partition.Value, ex);
                return false;
            }
        }

        lock (_gate)
        {
            if (_consumer is not { } current)
            {
                return false; // shut down meanwhile
            }

            _progress.Reset(start);
            current.Assign(new TopicPartitionOffset(Partition, start is null ? Offset.Beginning : new Offset(start.NextOffset)));
            _paused = _registry.Register(this);
            _started = true;
        }

        KafkaStreamLog.ReceiverStarted(_logger, _providerName, Partition.Topic, Partition.Partition.Value,
            start is null ? "the beginning" : $"offset {start.NextOffset}", start is null ? "no checkpoint" : "checkpoint");
        return true;
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        // A synchronously completing receiver turns the agent's read loop into second-long turns.
        await Task.Yield();
        if (!_started && !await TryStartAsync(cancellationToken).ConfigureAwait(false))
        {
            return Nothing;
        }

        int observedGeneration;
        bool needRecords;
        lock (_gate)
        {
            ApplySeekRequest();
            if (_paused)
            {
                return Nothing;
            }

            observedGeneration = _generation;
            needRecords = _pendingIndex >= _pending.Count;
            _polling = needRecords;
        }

        // Read outside the lock so a barrier never waits for a poll; a rewind in between bumps the generation.
        List<ConsumeResult<byte[]?, byte[]?>>? polled;
        try
        {
            polled = needRecords ? Poll(cancellationToken) : null;
        }
        catch
        {
            lock (_gate)
            {
                _polling = false;
            }

            throw;
        }

        lock (_gate)
        {
            _polling = false;
            if (observedGeneration != _generation)
            {
                return Nothing;
            }

            if (polled is not null)
            {
                _pending.Clear();
                _pending.AddRange(polled);
                _pendingIndex = 0;
                _idlePosition = polled.Count == 0 ? PositionOrUnset() : -1;
            }

            if (_paused)
            {
                return Nothing;
            }

            _deadLettersInFlight.RemoveAll(t => t.IsCompletedSuccessfully);
            var before = _pendingIndex;
            var containers = _handOut.Take(
                _pending, ref _pendingIndex, maxCount <= 0 ? int.MaxValue : maxCount, _progress, _deadLettersInFlight);
            _handedOutContainers += containers.Count;
            KafkaStreamMetrics.RecordConsumed(Partition.Topic, Partition.Partition.Value, _pendingIndex - before);
            return containers;
        }
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => Task.CompletedTask;

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task Shutdown(TimeSpan timeout)
    {
        _registry.Unregister(this);
        KafkaStreamMetrics.Untrack(this);
        lock (_gate)
        {
            _seekRequest?.Completion.TrySetCanceled();
            _seekRequest = null;
        }

        var closing = _consumer;
        _consumer = null;
        _rotation?.Dispose();
        _rotation = null;
        closing?.Close();
        closing?.Dispose();
        return Task.CompletedTask;
    }

    private long PositionOrUnset()
    {
        try
        {
            return _consumer?.Position(Partition) is { } position && position != Offset.Unset ? position.Value : -1;
        }
        catch (KafkaException)
        {
            return -1;
        }
    }

    private List<ConsumeResult<byte[]?, byte[]?>>? Poll(CancellationToken cancellationToken)
    {
        var current = _consumer;
        if (current is null)
        {
            return null;
        }

        var polled = new List<ConsumeResult<byte[]?, byte[]?>>();
        try
        {
            var timeout = _options.PollTimeout;
            while (polled.Count < _options.MaxRecordsPerPoll && !cancellationToken.IsCancellationRequested)
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
            KafkaStreamLog.ConsumeFailed(_logger, _providerName, Partition.Topic, Partition.Partition.Value, ex.Error.Code, ex);
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
                Volatile.Write(ref _lag, Math.Max(0, high.Value - position.Value));
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
