using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// The queue adapter of the Kafka stream provider: read-only (grains do not publish through it), one queue and one
/// receiver per topic-partition, a barrier-aware cache per queue, and a shared dead-letter producer.
/// </summary>
internal sealed class KafkaAdapterFactory : IQueueAdapterFactory, IQueueAdapter, IQueueAdapterCache, IDisposable
{
    private readonly KafkaStreamOptions _options;
    private readonly IKafkaRecordDeserializer _deserializer;
    private readonly IKafkaCheckpointSource? _checkpointSource;
    private readonly KafkaReceiverRegistry _registry;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Lazy<DeadLetterProducer> _deadLetters;
    private readonly IKafkaCredentialSource? _credentials;
    private KafkaQueueMapper? _mapper;

    public KafkaAdapterFactory(
        string name, KafkaStreamOptions options, IKafkaRecordDeserializer deserializer, IKafkaCheckpointSource? checkpointSource,
        KafkaReceiverRegistry registry, ILoggerFactory loggerFactory, IKafkaCredentialSource? credentials = null)
    {
        Name = name;
        _credentials = credentials;
        _options = options;
        _deserializer = deserializer;
        _checkpointSource = checkpointSource;
        _registry = registry;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<KafkaAdapterFactory>();
        _deadLetters = new Lazy<DeadLetterProducer>(
            () => new DeadLetterProducer(options, name, loggerFactory.CreateLogger<DeadLetterProducer>(), credentials),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Name { get; }

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadOnly;

    /// <summary>Containers given up on this silo since start (see <see cref="KafkaStreamFailureHandler"/>).</summary>
    internal long DeliveryFailures => _registry.DeliveryFailures;

    public static KafkaAdapterFactory Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(name);
        var deserializer = services.GetKeyedService<IKafkaRecordDeserializer>(name)
            ?? services.GetService<IKafkaRecordDeserializer>()
            ?? throw new OrleansConfigurationException(
                $"No {nameof(IKafkaRecordDeserializer)} is registered for the Kafka stream provider '{name}': add a keyed singleton " +
                    "under that name.");
        return new KafkaAdapterFactory(
            name, options, deserializer, services.GetService<IKafkaCheckpointSource>(),
            services.GetRequiredKeyedService<KafkaReceiverRegistry>(name), services.GetRequiredService<ILoggerFactory>(),
            services.GetService<IKafkaCredentialSource>());
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

    public async Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken)
    {
        if (_mapper is null)
        {
            var topics = await Task.Run(ReadPartitionCounts, cancellationToken).ConfigureAwait(false);
            _mapper = new KafkaQueueMapper(Name, topics);
            _registry.SetPartitions(topics.SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => (t.Topic, p))));
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var queueCount = _mapper.GetAllQueues().Count();
                var topicList = string.Join(", ", topics.Select(t => $"{t.Topic}({t.Partitions})"));
                var config = KafkaClientConfig.Redacted(KafkaClientConfig.Consumer(_options, Name, "*", -1));
                KafkaStreamLog.ProviderStarted(_logger, Name, queueCount, topicList, config);
            }
        }

        return this;
    }

    public IQueueAdapterCache GetQueueAdapterCache() => this;

    public IStreamQueueMapper GetStreamQueueMapper()
        => _mapper ?? throw new InvalidOperationException("The Kafka queue mapper exists once CreateAdapter has run.");

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId)
    {
        var queues = _mapper ?? throw new InvalidOperationException("CreateAdapter must run before the pulling agents start.");
        var partition = queues.PartitionOf(queueId);
        return Task.FromResult<IStreamFailureHandler>(
            new KafkaStreamFailureHandler(Name, partition, _registry, _loggerFactory.CreateLogger<KafkaStreamFailureHandler>()));
    }

    public IQueueCache CreateQueueCache(QueueId queueId)
    {
        var cache = new KafkaQueueCache(_options.CacheSize, _loggerFactory.CreateLogger($"{typeof(KafkaQueueCache).FullName}.{Name}"));
        _registry.SetCache(queueId, cache);
        return cache;
    }

    public Task QueueMessageBatchAsync<T>(
        StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
        => throw new NotSupportedException($"The Kafka stream provider '{Name}' is read-only: produce to Kafka directly.");

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId)
    {
        var partition = (_mapper ?? throw new InvalidOperationException("CreateAdapter must run before CreateReceiver."))
            .PartitionOf(queueId);
        return new KafkaPartitionReceiver(
            Name, queueId, partition, _options, _deserializer, _checkpointSource, _deadLetters.Value, _registry,
            _loggerFactory.CreateLogger<KafkaPartitionReceiver>(), _credentials);
    }

    public void Dispose()
    {
        if (_deadLetters.IsValueCreated)
        {
            _deadLetters.Value.Dispose();
        }
    }

    private List<(string Topic, int Partitions)> ReadPartitionCounts()
    {
        var missing = _options.Topics.Where(t => !_options.PartitionCounts.ContainsKey(t)).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (missing.Count > 0)
        {
            var adminConfig = KafkaClientConfig.Admin(_options, Name);
            _credentials?.Apply(adminConfig);
            using var admin = new AdminClientBuilder(adminConfig).Build();
            foreach (var topic in missing)
            {
                var metadata = admin.GetMetadata(topic, _options.MetadataTimeout).Topics.SingleOrDefault(t => t.Topic == topic);
                if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
                {
                    throw new OrleansConfigurationException(
                        $"Topic '{topic}' of the Kafka stream provider '{Name}' has no partitions in the cluster metadata " +
                        $"({metadata?.Error.Reason ?? "not found"}); create it or set PartitionCounts.");
                }

                counts[topic] = metadata.Partitions.Count;
            }
        }

        return _options.Topics
            .Select(topic => (topic, _options.PartitionCounts.TryGetValue(topic, out var configured) ? configured : counts[topic]))
            .ToList();
    }
}
