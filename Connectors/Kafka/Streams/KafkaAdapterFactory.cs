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
    private readonly KafkaStreamOptions options;
    private readonly IKafkaRecordDeserializer deserializer;
    private readonly IKafkaCheckpointSource? checkpointSource;
    private readonly KafkaReceiverRegistry registry;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private readonly Lazy<DeadLetterProducer> deadLetters;
    private readonly IKafkaCredentialSource? credentials;
    private KafkaQueueMapper? mapper;

    public KafkaAdapterFactory(
        string name, KafkaStreamOptions options, IKafkaRecordDeserializer deserializer, IKafkaCheckpointSource? checkpointSource,
        KafkaReceiverRegistry registry, ILoggerFactory loggerFactory, IKafkaCredentialSource? credentials = null)
    {
        Name = name;
        this.credentials = credentials;
        this.options = options;
        this.deserializer = deserializer;
        this.checkpointSource = checkpointSource;
        this.registry = registry;
        this.loggerFactory = loggerFactory;
        logger = loggerFactory.CreateLogger<KafkaAdapterFactory>();
        deadLetters = new Lazy<DeadLetterProducer>(
            () => new DeadLetterProducer(options, name, loggerFactory.CreateLogger<DeadLetterProducer>(), credentials),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Name { get; }

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadOnly;

    /// <summary>Containers given up on this silo since start (see <see cref="KafkaStreamFailureHandler"/>).</summary>
    internal long DeliveryFailures => registry.DeliveryFailures;

    public static KafkaAdapterFactory Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(name);
        var deserializer = services.GetKeyedService<IKafkaRecordDeserializer>(name)
            ?? services.GetService<IKafkaRecordDeserializer>()
            ?? throw new OrleansConfigurationException(
                $"No {nameof(IKafkaRecordDeserializer)} is registered for the Kafka stream provider '{name}': add a keyed singleton under that name.");
        return new KafkaAdapterFactory(
            name, options, deserializer, services.GetService<IKafkaCheckpointSource>(),
            services.GetRequiredKeyedService<KafkaReceiverRegistry>(name), services.GetRequiredService<ILoggerFactory>(),
            services.GetService<IKafkaCredentialSource>());
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

    public async Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken)
    {
        if (mapper is null)
        {
            var topics = await Task.Run(ReadPartitionCounts, cancellationToken).ConfigureAwait(false);
            mapper = new KafkaQueueMapper(Name, topics);
            KafkaStreamLog.ProviderStarted(logger, Name, mapper.GetAllQueues().Count(), string.Join(", ", topics.Select(t => $"{t.Topic}({t.Partitions})")),
                KafkaClientConfig.Redacted(KafkaClientConfig.Consumer(options, Name, "*", -1)));
        }

        return this;
    }

    public IQueueAdapterCache GetQueueAdapterCache() => this;

    public IStreamQueueMapper GetStreamQueueMapper()
        => mapper ?? throw new InvalidOperationException("The Kafka queue mapper exists once CreateAdapter has run.");

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId)
    {
        var queues = mapper ?? throw new InvalidOperationException("CreateAdapter must run before the pulling agents start.");
        var partition = queues.PartitionOf(queueId);
        return Task.FromResult<IStreamFailureHandler>(
            new KafkaStreamFailureHandler(Name, partition, registry, loggerFactory.CreateLogger<KafkaStreamFailureHandler>()));
    }

    public IQueueCache CreateQueueCache(QueueId queueId)
    {
        var cache = new KafkaQueueCache(options.CacheSize, loggerFactory.CreateLogger($"{typeof(KafkaQueueCache).FullName}.{Name}"));
        registry.SetCache(queueId, cache);
        return cache;
    }

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
        => throw new NotSupportedException($"The Kafka stream provider '{Name}' is read-only: produce to Kafka directly.");

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId)
    {
        var partition = (mapper ?? throw new InvalidOperationException("CreateAdapter must run before CreateReceiver.")).PartitionOf(queueId);
        return new KafkaPartitionReceiver(
            Name, queueId, partition, options, deserializer, checkpointSource, deadLetters.Value, registry,
            loggerFactory.CreateLogger<KafkaPartitionReceiver>(), credentials);
    }

    public void Dispose()
    {
        if (deadLetters.IsValueCreated)
        {
            deadLetters.Value.Dispose();
        }
    }

    private List<(string Topic, int Partitions)> ReadPartitionCounts()
    {
        var missing = options.Topics.Where(t => !options.PartitionCounts.ContainsKey(t)).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (missing.Count > 0)
        {
            var adminConfig = KafkaClientConfig.Admin(options, Name);
            credentials?.Apply(adminConfig);
            using var admin = new AdminClientBuilder(adminConfig).Build();
            foreach (var topic in missing)
            {
                var metadata = admin.GetMetadata(topic, options.MetadataTimeout).Topics.SingleOrDefault(t => t.Topic == topic);
                if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
                {
                    throw new OrleansConfigurationException(
                        $"Topic '{topic}' of the Kafka stream provider '{Name}' has no partitions in the cluster metadata ({metadata?.Error.Reason ?? "not found"}); create it or set PartitionCounts.");
                }

                counts[topic] = metadata.Partitions.Count;
            }
        }

        return options.Topics.Select(t => (t, options.PartitionCounts.TryGetValue(t, out var n) ? n : counts[t])).ToList();
    }
}
