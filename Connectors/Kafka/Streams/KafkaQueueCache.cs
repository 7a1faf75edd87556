using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// A <see cref="SimpleQueueCache"/> that can tell a barrier when everything added has been delivered: a cursor stays on
/// a container until the grain's delivery call has returned, so a purge that leaves the cache empty means every
/// container added so far was delivered. The agent purges on every pull; this records what each purge left.
/// </summary>
internal sealed class KafkaQueueCache(int cacheSize, ILogger logger) : SimpleQueueCache(cacheSize, logger)
{
    private readonly Lock _gate = new();
    private long _added;
    private long _addedAtLastPurge;
    private int _sizeAtLastPurge;

    public override void AddToCache(IList<IBatchContainer> msgs)
    {
        base.AddToCache(msgs);
        lock (_gate)
        {
            _added += msgs.Count;
        }
    }

    public override bool TryPurgeFromCache([MaybeNullWhen(false)] out IList<IBatchContainer> purgedItems)
    {
        var purged = base.TryPurgeFromCache(out purgedItems);
        lock (_gate)
        {
            _addedAtLastPurge = _added;
            _sizeAtLastPurge = Size;
        }

        return purged;
    }

    /// <summary>True when the last purge left the cache empty after <paramref name="handedOut"/> containers had been added.</summary>
    public bool HasDelivered(long handedOut)
    {
        lock (_gate)
        {
            return _addedAtLastPurge == handedOut && _sizeAtLastPurge == 0;
        }
    }
}
