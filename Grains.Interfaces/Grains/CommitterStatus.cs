using Kickstarter.Connectors.Kafka.Streams;

namespace Kickstarter.Grains.Interfaces.Grains;

/// <summary>Progress of one committer.</summary>
/// <param name="Job">The job's name.</param>
/// <param name="LastCompletedEpoch">The last epoch committed to every sink.</param>
/// <param name="RowsCommitted">Rows committed over all epochs and outputs.</param>
/// <param name="Positions">Source positions of the last prepared epoch (where receivers start).</param>
/// <param name="WatermarkMs">Event time up to which the job's results are complete.</param>
[GenerateSerializer, Immutable]
public sealed record CommitterStatus(
    [property: Id(0)] string Job,
    [property: Id(1)] long LastCompletedEpoch,
    [property: Id(2)] long RowsCommitted,
    [property: Id(3)] IReadOnlyList<PartitionCheckpoint> Positions,
    [property: Id(4)] long WatermarkMs);
