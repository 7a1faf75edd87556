namespace Kickstarter.Grains.Epochs.Coordinator;

/// <summary>
/// Where one shard of the owing registry keeps its current list: which of its two slots, and in how many pages.
/// </summary>
/// <param name="Shard">The shard (a grain's uniform hash modulo <see cref="OwingRegistry.Shards"/>).</param>
/// <param name="Slot">0 or 1: the slot holding the current version; the other one is written next.</param>
/// <param name="Pages">Pages of that slot in use, each at most <see cref="OwingRegistry.PageSize"/> grains.</param>
[GenerateSerializer, Immutable]
public sealed record OwingShard([property: Id(0)] int Shard, [property: Id(1)] int Slot, [property: Id(2)] int Pages);
