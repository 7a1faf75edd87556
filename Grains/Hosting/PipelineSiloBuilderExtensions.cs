using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Epochs;
using Kickstarter.Grains.Hosting;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Serialization;
using Kickstarter.Grains.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Orleans.Hosting;

/// <summary>Registers the Kickstarter pipeline on a silo: stream providers, epoch machinery and sinks.</summary>
public static class PipelineSiloBuilderExtensions
{
    /// <summary>
    /// Adds the pipeline's jobs to the silo. The caller registers the grain storage named
    /// <see cref="ProviderNames.PipelineStorage"/> (memory or DynamoDB).
    /// </summary>
    public static ISiloBuilder AddKickstarterPipeline(
        this ISiloBuilder builder,
        Action<PipelineOptions> configure,
        Action<CommitterOptions>? configureCommitter = null)
    {
        var options = new PipelineOptions();
        configure(options);
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            throw new OptionsValidationException(nameof(PipelineOptions), typeof(PipelineOptions),
                ["BootstrapServers is required for the Kickstarter pipeline."]);
        }

        var services = builder.Services;
        services.Configure(configure);
        services.AddOptions<CommitterOptions>().Configure(o => configureCommitter?.Invoke(o)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CommitterOptions>, CommitterOptionsValidator>();
        services.AddSingleton<EpochParticipants>();
        services.AddSingleton<IEpochSiloServiceClient, EpochSiloServiceClient>();
        services.AddSingleton<IJobSink, PipelineSink>();
        services.AddSingleton<IKafkaCheckpointSource, CommitterCheckpointSource>();
        builder.AddGrainService<EpochSiloService>();

        if (options.RunConsolidator)
        {
            AddSource(builder, options, Jobs.Consolidator, new BookingDeserializer());
        }

        if (options.RunFlyerStats)
        {
            AddSource(builder, options, Jobs.FlyerStats, new FlightDeserializer());
        }

        return builder;
    }

    private static void AddSource(ISiloBuilder builder, PipelineOptions options, JobDefinition job, IKafkaRecordDeserializer deserializer)
    {
        builder.Services.AddKeyedSingleton(job.StreamProvider, deserializer);
        builder.AddKafkaStreams(job.StreamProvider, o =>
        {
            o.BootstrapServers = options.BootstrapServers;
            o.Topics = [.. job.SourceTopics];
            o.DeadLetterTopic = Topics.DeadLetter;
            o.MaxRecordsPerPoll = options.MaxRecordsPerPoll;
            foreach (var (key, value) in options.KafkaProperties)
            {
                o.ConsumerProperties[key] = value;
                o.ProducerProperties[key] = value;
            }

            if (options.Partitions is { } partitions)
            {
                foreach (var topic in job.SourceTopics)
                {
                    o.PartitionCounts[topic] = partitions;
                }
            }
        });
    }
}
