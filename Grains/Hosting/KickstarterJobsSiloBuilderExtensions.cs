using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Epochs.Participant;
using Kickstarter.Grains.Epochs.Silo;
using Kickstarter.Grains.Hosting;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Serialization;
using Kickstarter.Grains.Sinks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.Hosting;

/// <summary>Registers the Kickstarter jobs on a silo: stream providers, epoch machinery and sinks.</summary>
public static class KickstarterJobsSiloBuilderExtensions
{
    /// <summary>
    /// Adds the jobs to the silo, configured from <paramref name="configuration"/>: <c>Kafka:BootstrapServers</c>
    /// (required), <c>Kafka:Properties:*</c> (then <c>Kafka:ConsumerProperties:*</c> / <c>Kafka:ProducerProperties:*</c>),
    /// <c>Kafka:Partitions</c>, <c>Kafka:Format</c>, <c>Kafka:TopicFormats:*</c>, <c>SchemaRegistry:*</c> (required when a
    /// topic is Avro), <c>Iceberg:Warehouse</c> (a path or s3://bucket/prefix), <c>Iceberg:Catalog:*</c> (Hadoop by
    /// default), <c>Iceberg:S3:*</c>, <c>Kickstarter:Jobs</c> (which jobs' stream providers run here) and
    /// <c>Committer:*</c>. The caller registers the grain storage named
    /// <see cref="ProviderNames.PipelineStorage"/> (memory or DynamoDB).
    /// </summary>
    public static ISiloBuilder AddKickstarterJobs(this ISiloBuilder builder, IConfiguration configuration)
    {
        // Read now as well, because which stream providers, file IO and catalog to register depends on them; a bad value
        // is reported when the host starts (JobsOptionsValidator), before the silo, like every other setting.
        var options = JobsOptions.FromConfiguration(configuration);
        // Grain calls carry the caller's trace context (W3C, in the request context): a silo's snapshot span is a child
        // of its committer's epoch span. Spans exist only where someone listens (OpenTelemetry in the Silo, tests).
        builder.AddActivityPropagation();
        var services = builder.Services;
        services.AddOptions<JobsOptions>().Configure(jobs => jobs.ReadFrom(configuration)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>());
        // The registry key is read at each request, so a key rotated in the configuration (AWS refresh) needs no restart.
        services.TryAddSingleton(_ => new PipelineSerdes(options.Serdes,
            () => configuration[SerdesOptions.UserInfoSetting] ?? options.Serdes.SchemaRegistryBasicAuthUserInfo));
        services.AddOptions<CommitterOptions>().Bind(configuration.GetSection(CommitterOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CommitterOptions>, CommitterOptionsValidator>());
        services.AddSingleton<EpochParticipants>();
        services.AddSingleton<IEpochSiloServiceClient, EpochSiloServiceClient>();
        JobWarehouseRegistration.Add(services, configuration, options.Warehouse);
        services.AddSingleton<IJobSink, JobSink>();
        services.AddSingleton<IKafkaCheckpointSource, CommitterCheckpointSource>();
        builder.AddGrainService<EpochSiloService>();

        var selected = options.Jobs.Count == 0 ? JobCatalog.All : JobCatalog.Selected(options.Jobs);
        foreach (var job in selected)
        {
            if (job.GrainClassProblem() is { } problem)
            {
                throw new InvalidOperationException(problem);
            }

            AddSource(builder, options, job);
        }

        return builder;
    }

    private static void AddSource(ISiloBuilder builder, JobsOptions options, JobDefinition job)
    {
        builder.Services.AddKeyedSingleton<IKafkaRecordDeserializer>(
            job.StreamProvider, (services, _) => job.DeserializerFor(services.GetRequiredService<PipelineSerdes>()));
        builder.AddKafkaStreams(job.StreamProvider, streams =>
        {
            streams.BootstrapServers = options.BootstrapServers;
            streams.Topics = [.. job.SourceTopics];
            streams.DeadLetterTopic = Topics.DeadLetter;
            streams.MaxRecordsPerPoll = options.MaxRecordsPerPoll;
            // Role-specific properties (filled from Parameter Store) win over the shared ones; the committers'
            // recovery consumer takes the same consumer properties (JobProducers).
            foreach (var (key, value) in options.ConsumerClientProperties())
            {
                streams.ConsumerProperties[key] = value;
            }

            foreach (var (key, value) in options.ProducerClientProperties())
            {
                streams.ProducerProperties[key] = value;
            }

            foreach (var topic in job.SourceTopics.Where(_ => options.Partitions is not null))
            {
                streams.PartitionCounts[topic] = options.Partitions!.Value;
            }
        });
    }
}
