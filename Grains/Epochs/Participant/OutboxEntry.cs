namespace Kickstarter.Grains.Epochs.Participant;

/// <summary>One owed row and the epoch it was last handed in (0: not yet).</summary>
/// <typeparam name="T">The row type.</typeparam>
[GenerateSerializer]
public sealed class OutboxEntry<T>
{
    [Id(0)] public long TimestampMs { get; set; }
    [Id(1)] public T Row { get; set; } = default!;
    [Id(2)] public long HandedEpoch { get; set; }
}
