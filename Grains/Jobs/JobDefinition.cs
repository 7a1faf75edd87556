using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Serialization;

namespace Kickstarter.Grains.Jobs;

/// <summary>
/// Everything the pipeline needs to know about one job: where it reads (topics, stream provider, deserializer),
/// which grain class processes the records, and what it writes (outputs: tables, topics, row mappers). The stream
/// setup, the supervisor, the committer and the sink loop over these; each job declares itself in its folder under
/// <c>Grains/Jobs/</c> and is registered in <see cref="JobCatalog"/>.
/// </summary>
public sealed class JobDefinition
{
    /// <summary>
    /// The job's name: key of its committer grain, its Kafka <c>transactional.id</c> suffix, its staging folder and
    /// the <c>kickstarter.committer</c> summary property of its table snapshots ("consolidator").
    /// </summary>
    public required string Name { get; init; }

    /// <summary>The name that selects the job in the <c>Kickstarter:Jobs</c> setting ("Consolidator").</summary>
    public required string SettingName { get; init; }

    /// <summary>The Kafka stream provider that reads <see cref="SourceTopics"/> for this job.</summary>
    public required string StreamProvider { get; init; }

    /// <summary>Topics the job reads; each is a stream namespace the grain class subscribes to implicitly.</summary>
    public required IReadOnlyList<string> SourceTopics { get; init; }

    /// <summary>
    /// Makes, for the configured formats, what turns a source record into the event its grains receive, or a reason
    /// to dead-letter it.
    /// </summary>
    public required Func<PipelineSerdes, IKafkaRecordDeserializer> DeserializerFor { get; init; }

    /// <summary>The grain class that receives the source records (stream key = Kafka record key).</summary>
    public required Type GrainClass { get; init; }

    /// <summary>What the job writes, in the order prepare writes them (tables, then Kafka records in this order).</summary>
    public required IReadOnlyList<JobOutput> Outputs { get; init; }

    /// <summary>Topics the job writes.</summary>
    public IEnumerable<string> OutputTopics => Outputs.Select(output => output.Topic).OfType<string>();

    /// <summary>Tables the job writes.</summary>
    public IEnumerable<OutputTable> Tables => Outputs.Select(output => output.Table);

    /// <summary>The output called <paramref name="name"/>; throws for one the job does not have.</summary>
    public JobOutput Output(string name) =>
        Outputs.FirstOrDefault(output => output.Name == name)
        ?? throw new InvalidOperationException($"Job '{Name}' has no output '{name}'.");

    /// <summary>
    /// Why <see cref="GrainClass"/> cannot serve this job, or null. It must take part in epochs and subscribe to every
    /// source topic: an implicit subscription is an attribute, so a definition that disagrees with it would silently
    /// read nothing.
    /// </summary>
    public string? GrainClassProblem()
    {
        if (!typeof(IJobGrain).IsAssignableFrom(GrainClass))
        {
            return $"Job '{Name}': {GrainClass.Name} does not implement {nameof(IJobGrain)}.";
        }

        var subscriptions = GrainClass
            .GetCustomAttributes(typeof(ImplicitStreamSubscriptionAttribute), inherit: true)
            .Cast<ImplicitStreamSubscriptionAttribute>()
            .ToList();
        var missing = SourceTopics.FirstOrDefault(topic => !subscriptions.Any(subscription => subscription.Predicate.IsMatch(topic)));
        return missing is null
            ? null
            : $"Job '{Name}': {GrainClass.Name} has no [ImplicitStreamSubscription] for its source topic '{missing}'.";
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
