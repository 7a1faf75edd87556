using Kickstarter.Connectors.Kafka.Options;
using Kickstarter.Connectors.Kafka.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Orleans.Hosting;

/// <summary>Registers the Kafka persistent stream provider on a silo.</summary>
public static class KafkaStreamsSiloBuilderExtensions
{
    /// <summary>
    /// Adds a Kafka stream provider named <paramref name="name"/>: one queue per topic-partition, stream namespace =
    /// topic, stream key = record key, implicit subscriptions only (no PubSubStore needed). The host must register an
    /// <see cref="IKafkaRecordDeserializer"/> (keyed by <paramref name="name"/>, or unkeyed) and may register an
    /// <see cref="IKafkaCheckpointSource"/>. The barrier is <c>GetRequiredKeyedService&lt;IKafkaPartitionControl&gt;(name)</c>.
    /// </summary>
    public static ISiloBuilder AddKafkaStreams(this ISiloBuilder builder, string name, Action<KafkaStreamOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddKafkaStreams(name, optionsBuilder => optionsBuilder.Configure(configure));
    }

    /// <summary>As <see cref="AddKafkaStreams(ISiloBuilder, string, Action{KafkaStreamOptions})"/>, configuring through an options builder
    /// (bind, validate, depend on services).</summary>
    public static ISiloBuilder AddKafkaStreams(
        this ISiloBuilder builder, string name, Action<OptionsBuilder<KafkaStreamOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configureOptions);
        builder.Services.AddKafkaStreamsServices(name, configureOptions);
        builder.AddPersistentStreams(name, KafkaAdapterFactory.Create, stream =>
        {
            // Implicit subscriptions resolved from grain metadata: no pub-sub grain storage, no registration round trips.
            stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            // Partitions split evenly between the active silos (the default ring balancer's split is uneven).
            stream.ConfigurePartitionBalancing(KafkaQueueBalancer.Create);
            stream.ConfigurePullingAgent(agent => agent.Configure<IOptionsMonitor<KafkaStreamOptions>>((pulling, kafka) =>
            {
                var options = kafka.Get(name);
                pulling.GetQueueMsgsTimerPeriod = options.PullPeriod;
                pulling.MaxEventDeliveryTime = options.MaxEventDeliveryTime;
                pulling.BatchContainerBatchSize = 1;
            }));
        });
        return builder;
    }

    private static void AddKafkaStreamsServices(
        this IServiceCollection services, string name, Action<OptionsBuilder<KafkaStreamOptions>> configureOptions)
    {
        var options = services.AddOptions<KafkaStreamOptions>(name);
        configureOptions(options);
        // Checked when the host starts, before the silo does: one message naming the property, the rule and the value.
        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<KafkaStreamOptions>>(new KafkaStreamOptionsValidator(name));
        services.AddKeyedSingleton<KafkaReceiverRegistry>(name);
        services.AddKeyedSingleton<IKafkaPartitionControl>(name,
            (sp, key) => new KafkaPartitionControl(sp.GetRequiredKeyedService<KafkaReceiverRegistry>(key)));
    }
}
