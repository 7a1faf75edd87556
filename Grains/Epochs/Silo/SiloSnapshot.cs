using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Epochs.Silo;

/// <summary>What one silo's grains handed over in a snapshot, and which of them still owe something.</summary>
[GenerateSerializer]
public sealed record SiloSnapshot([property: Id(0)] EpochOutputs Outputs, [property: Id(1)] List<GrainId> StillOwing);
