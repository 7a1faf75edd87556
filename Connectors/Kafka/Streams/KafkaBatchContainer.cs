using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// The events of one key from one poll of one partition, in offset order: one delivery per key per poll.
/// Each event's sequence token is its record offset (<see cref="StreamSequenceToken.SequenceNumber"/>).
/// </summary>
[GenerateSerializer]
internal sealed class KafkaBatchContainer : IBatchContainer
{
    public KafkaBatchContainer(StreamId streamId, List<object> events, List<long> offsets)
    {
        StreamId = streamId;
        Events = events;
        Offsets = offsets;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public List<object> Events { get; }

    [Id(2)]
    public List<long> Offsets { get; }

    /// <summary>The receive span of the first traced record, for the grain delivery's span; null when untraced.</summary>
    [Id(3)]
    public string? TraceParent { get; set; }

    public long FirstOffset => Offsets[0];

    public long LastOffset => Offsets[^1];

    public StreamSequenceToken SequenceToken => new EventSequenceTokenV2(FirstOffset);

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        for (var i = 0; i < Events.Count; i++)
        {
            if (Events[i] is T typed)
            {
                yield return Tuple.Create<T, StreamSequenceToken>(typed, new EventSequenceTokenV2(Offsets[i]));
            }
        }
    }

    /// <summary>Hands the trace context to the grain delivery (the pulling agent clears it afterwards).</summary>
    public bool ImportRequestContext()
    {
        if (TraceParent is null)
        {
            return false;
        }

        RequestContext.Set(KafkaTracing.RequestContextKey, TraceParent);
        return true;
    }

    public override string ToString() => $"KafkaBatchContainer({StreamId}, offsets {FirstOffset}..{LastOffset}, {Events.Count} events)";
}
