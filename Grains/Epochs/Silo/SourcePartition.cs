namespace Kickstarter.Grains.Epochs.Silo;

/// <summary>A partition of one of a job's source topics.</summary>
[GenerateSerializer, Immutable]
public readonly record struct SourcePartition([property: Id(0)] string Topic, [property: Id(1)] int Partition);
