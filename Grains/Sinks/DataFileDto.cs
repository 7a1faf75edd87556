namespace Kickstarter.Grains.Sinks;

/// <summary>A <see cref="Kickstarter.Connectors.Iceberg.Spec.DataFile"/> in the staging manifest's JSON.</summary>
internal sealed class DataFileDto
{
    public string FilePath { get; set; } = "";
    public string FileFormat { get; set; } = "parquet";
    public int SpecId { get; set; }
    public List<PartitionValue> Partition { get; set; } = [];
    public long RecordCount { get; set; }
    public long FileSizeInBytes { get; set; }
    public Dictionary<int, long>? ColumnSizes { get; set; }
    public Dictionary<int, long>? ValueCounts { get; set; }
    public Dictionary<int, long>? NullValueCounts { get; set; }
    public Dictionary<int, long>? NanValueCounts { get; set; }
    public Dictionary<int, byte[]>? LowerBounds { get; set; }
    public Dictionary<int, byte[]>? UpperBounds { get; set; }
    public List<long>? SplitOffsets { get; set; }
    public int? SortOrderId { get; set; }
}
