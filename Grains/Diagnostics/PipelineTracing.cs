using System.Diagnostics;
using Kickstarter.Connectors.Kafka.Streams;

namespace Kickstarter.Grains.Diagnostics;

/// <summary>
/// The pipeline's spans: a grain's delivery (child of the record's receive span, which the Kafka stream provider hands
/// over in the request context), an epoch (a root per job and epoch) with its silos' snapshots (linked to the receive
/// spans they cover) and its commit (whose context every output record carries in its <c>traceparent</c> header, so
/// the next job's receive spans continue the trace).
/// </summary>
public static class PipelineTracing
{
    public const string SourceName = KafkaTracing.SourceName;

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A delivery span under the receive span of the first traced record of the batch, if any.</summary>
    public static Activity? StartDelivery(string grainType, int records)
    {
        if (RequestContext.Get(KafkaTracing.RequestContextKey) is not string parent
            || !ActivityContext.TryParse(parent, null, isRemote: true, out var context))
        {
            return null;
        }

        var activity = Source.StartActivity($"deliver {grainType}", ActivityKind.Consumer, context);
        activity?.SetTag("kickstarter.grain_type", grainType);
        activity?.SetTag("kickstarter.records", records);
        return activity;
    }

    /// <summary>One epoch of one job: barrier to marked complete.</summary>
    public static Activity? StartEpoch(string job, long epoch)
    {
        var activity = Source.StartActivity($"epoch {job}", ActivityKind.Internal, parentContext: default);
        activity?.SetTag("kickstarter.job", job);
        activity?.SetTag("kickstarter.epoch", epoch);
        return activity;
    }

    /// <summary>One silo's snapshot of an epoch, linked to the receive spans its stream provider saw since the last one.</summary>
    public static Activity? StartSnapshot(string job, string streamProvider, long epoch)
    {
        var links = KafkaTracing.TakeRecent(streamProvider).Select(context => new ActivityLink(context));
        var activity = Source.StartActivity(ActivityKind.Internal, name: $"snapshot {job}", links: links);
        activity?.SetTag("kickstarter.job", job);
        activity?.SetTag("kickstarter.epoch", epoch);
        return activity;
    }

    /// <summary>The commit of a prepared epoch to the tables and the output topics.</summary>
    public static Activity? StartCommit(string job, long epoch)
    {
        var activity = Source.StartActivity($"commit {job}", ActivityKind.Producer);
        activity?.SetTag("kickstarter.job", job);
        activity?.SetTag("kickstarter.epoch", epoch);
        return activity;
    }
}
