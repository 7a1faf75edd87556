namespace Kickstarter.Grains.Epochs.Coordinator;

/// <summary>
/// A prepared epoch as the committer's state records it: small, and enough to find its staging files again. After
/// this is written the epoch always finishes, by this activation or, reading the staging files, by the next one.
/// </summary>
/// <param name="Epoch">The epoch number.</param>
/// <param name="ManifestPath">The staging manifest naming the data files and the Kafka batch of this epoch.</param>
/// <param name="RowCount">Rows over all outputs.</param>
[GenerateSerializer, Immutable]
public sealed record PendingEpoch(
    [property: Id(0)] long Epoch,
    [property: Id(1)] string ManifestPath,
    [property: Id(2)] long RowCount);
