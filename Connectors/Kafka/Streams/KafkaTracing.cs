using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// W3C trace context in Kafka headers (<c>traceparent</c>, <c>tracestate</c>), the provider's receive spans, and the
/// receive spans each stream provider saw since its last epoch snapshot (so the snapshot's span can link to them).
/// </summary>
public static class KafkaTracing
{
    /// <summary>The activity source every Kickstarter assembly starts its spans from.</summary>
    public const string SourceName = "Kickstarter";

    /// <summary>The W3C Trace Context header names, as on HTTP.</summary>
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";

    /// <summary>The request-context key a batch container sets for the grain delivery (read by the grains).</summary>
    public const string RequestContextKey = "kickstarter.traceparent";

    /// <summary>
    /// Receive spans kept per provider between two snapshots; more are not linked (a link per record would grow
    /// without bound).
    /// </summary>
    public const int MaxLinksPerEpoch = 64;

    internal static readonly ActivitySource Source = new(SourceName);

    private static readonly ConcurrentDictionary<string, ConcurrentQueue<ActivityContext>> Recent = new(StringComparer.Ordinal);

    /// <summary>Adds the current activity's context to <paramref name="headers"/> (nothing when there is none).</summary>
    public static void Inject(Headers headers, Activity? activity)
    {
        if (activity is null)
        {
            return;
        }

        headers.Remove(TraceParentHeader);
        headers.Add(TraceParentHeader, Encoding.ASCII.GetBytes(activity.Id!));
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            headers.Remove(TraceStateHeader);
            headers.Add(TraceStateHeader, Encoding.ASCII.GetBytes(activity.TraceStateString));
        }
    }

    /// <summary>The trace context a record carries, if it carries a valid one.</summary>
    public static ActivityContext? Extract(Headers? headers)
    {
        if (headers is null || !headers.TryGetLastBytes(TraceParentHeader, out var parent))
        {
            return null;
        }

        string? state = headers.TryGetLastBytes(TraceStateHeader, out var stateBytes) ? Encoding.ASCII.GetString(stateBytes) : null;
        return ActivityContext.TryParse(Encoding.ASCII.GetString(parent), state, isRemote: true, out var context) ? context : null;
    }

    /// <summary>Takes the receive spans <paramref name="provider"/> saw on this silo since the last call.</summary>
    public static IReadOnlyList<ActivityContext> TakeRecent(string provider)
    {
        if (!Recent.TryGetValue(provider, out var queue))
        {
            return [];
        }

        var taken = new List<ActivityContext>();
        while (queue.TryDequeue(out var context))
        {
            taken.Add(context);
        }

        return taken;
    }

    /// <summary>A receive span for one record that carries a trace context; returns its id for the grain delivery.</summary>
    internal static string? Received(string provider, ConsumeResult<byte[]?, byte[]?> record, string key)
    {
        if (Extract(record.Message.Headers) is not { } parent)
        {
            return null;
        }

        using var activity = Source.StartActivity($"receive {record.Topic}", ActivityKind.Consumer, parent);
        if (activity is null)
        {
            return null; // nobody listens
        }

        activity.SetTag("messaging.system", "kafka");
        activity.SetTag("messaging.operation.type", "receive");
        activity.SetTag("messaging.destination.name", record.Topic);
        activity.SetTag(
            "messaging.destination.partition.id", record.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        activity.SetTag("messaging.kafka.offset", record.Offset.Value);
        activity.SetTag("messaging.kafka.message.key", key);
        var queue = Recent.GetOrAdd(provider, _ => new ConcurrentQueue<ActivityContext>());
        if (queue.Count < MaxLinksPerEpoch)
        {
            queue.Enqueue(activity.Context);
        }

        return activity.Id;
    }
}
