using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Grains.Jobs;

/// <summary>An Iceberg table a job writes: its name (in the pipeline's namespace), schema and partition spec.</summary>
/// <param name="Name">Table name, unique over all jobs.</param>
/// <param name="Schema">Columns; field ids are fixed and never reused.</param>
/// <param name="Spec">How data files are partitioned.</param>
public sealed record OutputTable(string Name, Schema Schema, PartitionSpec Spec);
