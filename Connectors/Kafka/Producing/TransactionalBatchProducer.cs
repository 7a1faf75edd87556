using System.Diagnostics;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Options;
using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kickstarter.Connectors.Kafka.Producing;

/// <summary>
/// Produces one epoch's records in one Kafka transaction under a stable transactional.id. Each record gets the header
/// <see cref="KafkaRecordId.HeaderName"/> = producer/epoch/sequence, where the sequence counts 1, 2, 3... per
/// (topic, partition) in list order, and its partition from <see cref="KafkaPartitioner.Murmur2Partition"/>; so the
/// same input always gives the same partitions, ids and order, and a redone epoch repeats exactly the same records.
/// </summary>
/// <remarks>
/// An abortable or retriable failure aborts and redoes the whole epoch; a fatal producer error recreates the producer
/// (a new InitTransactions) and redoes it. The attempts run in a Polly retry pipeline built like every connector's
/// (<see cref="RetryPipelines"/>: at most <see cref="TransactionalBatchProducerOptions.MaxRetries"/> retries, equal
/// jitter over an exponential delay capped at <see cref="TransactionalBatchProducerOptions.MaxRetryDelay"/>); each
/// retry first settles what the failed attempt left behind (resume the commit, or abort or recreate, then look). A commit
/// that times out is not redone: the commit is called again, which waits for the outcome of the one under way. Any
/// other failure after the commit was sent may hide a commit that landed, so the epoch is looked for in Kafka
/// (<see cref="EpochVisibility"/>) before it is produced again. Being fenced by a newer instance with the same
/// transactional.id is not retried: retrying would fence the newer instance in turn, so it throws
/// <see cref="EpochProduceException"/> with <see cref="EpochProduceException.Fenced"/> set.
/// Calls must not overlap (one epoch at a time).
/// Rotated SASL credentials (<see cref="TransactionalBatchProducerOptions.Credentials"/>) reach the live producer at
/// once, for its next authentication; when their generation changed, the producer is also re-created (a new
/// InitTransactions under the same transactional.id) at the start of the next epoch, before BeginTransaction. That is
/// the one point where no transaction of ours is open, so no epoch is split between two producers or aborted by the
/// switch, and every connection moves to the new key before the old one is revoked.
/// </remarks>
public sealed partial class TransactionalBatchProducer : IDisposable
{
    private readonly TransactionalBatchProducerOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, int> _partitionCounts = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IProducer<byte[], byte[]>? _producer;
    private IDisposable? _rotation;
    private long _credentialGeneration;
    private long _recreatedForCredentials;
    private bool _disposed;

    /// <summary>Creates the producer; call <see cref="InitializeAsync"/> before producing.</summary>
    public TransactionalBatchProducer(TransactionalBatchProducerOptions options, ILogger<TransactionalBatchProducer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        TransactionalBatchProducerOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The transactional.id this producer uses.</summary>
    public string TransactionalId => _options.TransactionalId;

    /// <summary>How many times the producer was re-created at an epoch boundary because the credentials rotated.</summary>
    public long CredentialRecreations => Interlocked.Read(ref _recreatedForCredentials);

    /// <summary>Creates the Kafka producer and runs InitTransactions, fencing older instances with the same id.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RecreateProducerAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Produces <paramref name="records"/> as epoch <paramref name="epoch"/> of <paramref name="producerName"/> in one
    /// transaction, redoing it on failure; returns once committed.
    /// </summary>
    public async Task ProduceEpochAsync(
        string producerName, long epoch, IReadOnlyList<OutputRecord> records, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(producerName);
        ArgumentNullException.ThrowIfNull(records);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _ = _producer ?? throw new InvalidOperationException("Call InitializeAsync before ProduceEpochAsync.");
            // The epoch boundary: no transaction of ours is open, so this is where rotated credentials re-create the producer.
            if (_options.Credentials is { } credentials && credentials.Generation != _credentialGeneration)
            {
                LogCredentialsRotated(_logger, _options.TransactionalId, producerName, epoch);
                await RecreateProducerAsync(cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _recreatedForCredentials);
            }

            var current = _producer!;
            var plan = EpochPlan.Create(producerName, epoch, records, topic => PartitionCount(current, topic));
            // Each record carries the epoch's commit span, so a downstream job's receive spans continue its trace.
            foreach (var record in plan)
            {
                KafkaTracing.Inject(record.Message.Headers ??= new Headers(), Activity.Current);
            }

            var schedule = Schedule;
            AttemptOutcome? failed = null;
            var attempts = 0;
            var landedUnheard = false;
            // Built per epoch (one every commit interval, microseconds to build) so its log line names the epoch.
            var pipeline = RetryPipelines.Create<AttemptOutcome>($"kafka-epoch-{_options.TransactionalId}", schedule,
                outcome => outcome.Result is { Failure: not null },
                (outcome, _, notice) =>
                {
                    var failure = outcome.Result.Failure!;
                    LogEpochRetry(_logger, _options.TransactionalId, producerName, epoch, notice.Attempt, notice.MaxAttempts,
                        failure.Error.Code, failure.Error.IsFatal, notice.DelayMs, failure);
                });
            var final = await pipeline.ExecuteAsync(async token =>
            {
                token.ThrowIfCancellationRequested();
                attempts++;
                var resumeCommit = false;
                if (failed is { Failure: { } failure } previous)
                {
                    // A commit that timed out is still under way inside librdkafka and may have landed: calling
                    // CommitTransaction again waits for its outcome (librdkafka's documented retry), where an abort and a
                    // redo would produce a landed epoch a second time.
                    resumeCommit = previous.CommitSent && failure is KafkaRetriableException && !failure.Error.IsFatal;
                    if (!resumeCommit)
                    {
                        await RecoverAsync(failure, token).ConfigureAwait(false);

                        // Any other failure after the commit was sent (fatal, a lost connection) does not say the commit
                        // did not land; only "abort required" does. Look before producing the epoch again.
                        if (previous.CommitSent && failure is not KafkaTxnRequiresAbortException &&
                            await Task.Run(
                                    () => EpochVisibility.IsVisible(RecoveryConsumerConfig(), plan, _options.OperationTimeout), token)
                                .ConfigureAwait(false))
                        {
                            LogCommitLanded(_logger, _options.TransactionalId, producerName, epoch, failure.Error.Code);
                            landedUnheard = true;
                            return new AttemptOutcome(null, CommitSent: true);
                        }
                    }
                }

                var outcome = await Task.Run(() => resumeCommit ? TryCommit() : TryProduce(plan), token).ConfigureAwait(false);
                if (outcome.Failure is { } error && IsFenced(error))
                {
                    throw new EpochProduceException(
                        $"Producer '{_options.TransactionalId}' was fenced by a newer instance while producing epoch {epoch} of " +
                        $"'{producerName}'.", error)
                    { Fenced = true };
                }

                failed = outcome;
                return outcome;
            }, cancellationToken).ConfigureAwait(false);

            if (final.Failure is { } lastFailure)
            {
                throw new EpochProduceException(
                    $"Epoch {epoch} of '{producerName}' ({plan.Count} records) was not committed by producer " +
                    $"'{_options.TransactionalId}': " +
                    schedule.GaveUp("producing it", "TransactionalBatchProducerOptions.MaxRetries", Describe(lastFailure)), lastFailure);
            }

            if (!landedUnheard)
            {
                LogEpochCommitted(_logger, _options.TransactionalId, producerName, epoch, plan.Count, attempts);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// True when epoch <paramref name="epoch"/> of <paramref name="producerName"/> with these records is already
    /// committed: its last record on every partition it writes is visible to a read_committed consumer. A committer
    /// recovering a prepared epoch asks this first, so a transaction that committed before the crash is not repeated.
    /// </summary>
    public async Task<bool> IsEpochCommittedAsync(
        string producerName, long epoch, IReadOnlyList<OutputRecord> records, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _producer ?? throw new InvalidOperationException("Call InitializeAsync before IsEpochCommittedAsync.");
            var plan = EpochPlan.Create(producerName, epoch, records, topic => PartitionCount(current, topic));
            return await Task.Run(() => EpochVisibility.IsVisible(RecoveryConsumerConfig(), plan, _options.OperationTimeout),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _rotation?.Dispose();
        _producer?.Dispose();
        _producer = null;
        _gate.Dispose();
    }

    /// <summary>
    /// A read_committed consumer of the output partitions: the producer's security settings, then the consumer
    /// properties (<see cref="KafkaClientConfig.RecoveryConsumer"/>), then the rotated credentials.
    /// </summary>
    internal ConsumerConfig RecoveryConsumerConfig()
    {
        var config = KafkaClientConfig.RecoveryConsumer(
            _options.BootstrapServers, $"{_options.TransactionalId}-recovery", _options.ProducerProperties, _options.ConsumerProperties);
        _options.Credentials?.Apply(config);
        return config;
    }

    /// <summary>What one attempt ended with: the failure (null when committed) and whether CommitTransaction was called.</summary>
    private readonly record struct AttemptOutcome(KafkaException? Failure, bool CommitSent);

    /// <summary>One attempt: begin, produce all, commit.</summary>
    private AttemptOutcome TryProduce(IReadOnlyList<PlannedRecord> plan)
    {
        var current = _producer!;
        Error? deliveryError = null;
        var commitSent = false;
        void OnDelivery(DeliveryReport<byte[], byte[]> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.CompareExchange(ref deliveryError, report.Error, null);
            }
        }

        try
        {
            current.BeginTransaction();
            foreach (var record in plan)
            {
                ProduceWithQueueBackoff(current, record, OnDelivery);
                if (deliveryError is not null)
                {
                    return new(new KafkaTxnRequiresAbortException(deliveryError), commitSent);
                }
            }

            commitSent = true;
            current.CommitTransaction(_options.OperationTimeout);
            return new(deliveryError is null ? null : new KafkaTxnRequiresAbortException(deliveryError), commitSent);
        }
        catch (KafkaException ex)
        {
            return new(deliveryError is not null && !ex.Error.IsFatal ? new KafkaTxnRequiresAbortException(deliveryError) : ex, commitSent);
        }
    }

    /// <summary>Calls CommitTransaction again after a commit that timed out: it returns once the first one's outcome is known.</summary>
    private AttemptOutcome TryCommit()
    {
        try
        {
            _producer!.CommitTransaction(_options.OperationTimeout);
            return new(null, CommitSent: true);
        }
        catch (KafkaException ex)
        {
            return new(ex, CommitSent: true);
        }
    }

    private static void ProduceWithQueueBackoff(
        IProducer<byte[], byte[]> current, PlannedRecord record, Action<DeliveryReport<byte[], byte[]>> onDelivery)
    {
        while (true)
        {
            try
            {
                current.Produce(record.Destination, record.Message, onDelivery);
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                // The local queue is bounded on purpose; serve delivery reports until there is room.
                current.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    private async Task RecoverAsync(KafkaException failure, CancellationToken cancellationToken)
    {
        if (!failure.Error.IsFatal)
        {
            try
            {
                await Task.Run(() => _producer!.AbortTransaction(_options.OperationTimeout), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (KafkaException abortFailure) when (!IsFenced(abortFailure))
            {
                LogAbortFailed(_logger, _options.TransactionalId, abortFailure.Error.Code, abortFailure);
            }
        }

        await RecreateProducerAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RecreateProducerAsync(CancellationToken cancellationToken)
    {
        _rotation?.Dispose();
        _rotation = null;
        _producer?.Dispose();
        _producer = null;
        _partitionCounts.Clear();
        var config = new ProducerConfig(new Dictionary<string, string>(_options.ProducerProperties))
        {
            BootstrapServers = _options.BootstrapServers,
            TransactionalId = _options.TransactionalId,
            EnableIdempotence = true,
            Acks = Acks.All,
        };
        // The generation is read before the pair: a rotation in between only costs one more re-creation.
        var generation = _options.Credentials?.Generation ?? 0;
        _options.Credentials?.Apply(config);
        var created = new ProducerBuilder<byte[], byte[]>(config)
            .SetLogHandler((_, message) => LogClient(_logger, _options.TransactionalId, message.Level, message.Message))
            .Build();
        try
        {
            await Task.Run(() => created.InitTransactions(_options.OperationTimeout), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            created.Dispose();
            throw;
        }

        _producer = created;
        _credentialGeneration = generation;
        _rotation = _options.Credentials?.Track(created);
    }

    private int PartitionCount(IProducer<byte[], byte[]> current, string topic)
    {
        if (_partitionCounts.TryGetValue(topic, out var count))
        {
            return count;
        }

        using var admin = new DependentAdminClientBuilder(current.Handle).Build();
        var metadata = admin.GetMetadata(topic, _options.OperationTimeout);
        var topicMetadata = metadata.Topics.SingleOrDefault(t => t.Topic == topic);
        if (topicMetadata is null || topicMetadata.Error.IsError || topicMetadata.Partitions.Count == 0)
        {
            throw new InvalidOperationException(
                $"Topic '{topic}' has no partitions in the cluster metadata ({topicMetadata?.Error.Reason ?? "not found"}); " +
                "create it before producing.");
        }

        count = topicMetadata.Partitions.Count;
        _partitionCounts[topic] = count;
        return count;
    }

    private static bool IsFenced(KafkaException ex)
        => ex.Error.Code is ErrorCode.Local_Fenced or ErrorCode.ProducerFenced;

    /// <summary>The budget and backoff of an epoch's attempts (MaxRetries, RetryBaseDelay, MaxRetryDelay).</summary>
    private RetrySchedule Schedule => new(_options.MaxRetries, _options.RetryBaseDelay, _options.MaxRetryDelay);

    /// <summary>The error code and librdkafka's reason: never a property, so never a secret.</summary>
    private static string Describe(KafkaException error) => $"{error.Error.Code}: {error.Error.Reason}";

    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug,
        Message = "Producer {TransactionalId} committed epoch {Epoch} of {ProducerName}: {Count} records, attempt {Attempt}.")]
    private static partial void LogEpochCommitted(
        ILogger logger, string transactionalId, string producerName, long epoch, int count, int attempt);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "Producer {TransactionalId} failed epoch {Epoch} of {ProducerName} on attempt {Attempt} of {MaxAttempts} ({Code}, " +
            "fatal: {Fatal}); retrying in {DelayMs} ms.")]
    private static partial void LogEpochRetry(ILogger logger, string transactionalId, string producerName, long epoch, int attempt,
        int maxAttempts, ErrorCode code, bool fatal, double delayMs, Exception exception);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning,
        Message = "Producer {TransactionalId} could not abort its transaction ({Code}); recreating the producer.")]
    private static partial void LogAbortFailed(ILogger logger, string transactionalId, ErrorCode code, Exception exception);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning,
        Message = "Producer {TransactionalId}: epoch {Epoch} of {ProducerName} failed after its commit was sent ({Code}), " +
            "and it is visible in Kafka: the commit landed; not produced again.")]
    private static partial void LogCommitLanded(ILogger logger, string transactionalId, string producerName, long epoch, ErrorCode code);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message =
        "Producer {TransactionalId}: Kafka credentials rotated; re-created before epoch {Epoch} of {ProducerName}, no transaction open.")]
    private static partial void LogCredentialsRotated(ILogger logger, string transactionalId, string producerName, long epoch);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "librdkafka producer {TransactionalId} [{Level}]: {Message}")]
    private static partial void LogClient(ILogger logger, string transactionalId, SyslogLevel level, string message);
}
