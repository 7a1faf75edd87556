using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Interfaces.Epochs;

/// <summary>A grain's answer to a snapshot request.</summary>
/// <param name="Outputs">Rows to commit in this epoch.</param>
/// <param name="StillOwes">True while the grain holds outputs not yet known to be prepared; it stays registered.</param>
[GenerateSerializer]
public sealed record SnapshotResult([property: Id(0)] EpochOutputs Outputs, [property: Id(1)] bool StillOwes);
