using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Epochs;

/// <summary>
/// Remembers, per source partition, the last offset a grain applied, so a redelivered record (after a rewind, a
/// retried delivery or a moved receiver) never counts twice. Persisted with the grain's state.
/// </summary>
[GenerateSerializer]
public sealed class ReplayGuard
{
    [Id(0)] public Dictionary<string, long> LastOffsets { get; set; } = [];

    /// <summary>True (and remembered) when <paramref name="source"/> is past everything applied from its partition.</summary>
    public bool TryAccept(SourceOffset source)
    {
        var key = source.PartitionKey;
        if (LastOffsets.TryGetValue(key, out var last) && source.Offset <= last)
        {
            return false;
        }

        LastOffsets[key] = source.Offset;
        return true;
    }
}
