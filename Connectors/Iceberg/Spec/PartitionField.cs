namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>A partition field: a source column id, a partition field id (1000 and up, unique across specs), a name and a
/// transform.</summary>
/// <param name="SourceId">Id of the source column in the table schema.</param>
/// <param name="FieldId">Partition field id, used as the field id of the partition tuple in manifests.</param>
/// <param name="Name">Partition field name (also the directory key in partition paths).</param>
/// <param name="Transform">Transform producing the partition value.</param>
internal sealed record PartitionField(int SourceId, int FieldId, string Name, Transform Transform);
