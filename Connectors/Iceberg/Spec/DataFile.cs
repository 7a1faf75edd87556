namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>
/// A data file as tracked by a manifest (the spec's data_file struct): location, format, partition tuple,
/// record count, size and per-column metrics keyed by field id. Bounds use the binary single-value serialization.
/// </summary>
public sealed record DataFile
{
    /// <summary>Content type; 0 for data.</summary>
    internal FileContent Content { get; init; } = FileContent.Data;

    /// <summary>Full URI of the file.</summary>
    public required string FilePath { get; init; }

    /// <summary>"parquet", "avro", "orc" or "puffin".</summary>
    public string FileFormat { get; init; } = "parquet";

    /// <summary>Id of the partition spec the partition tuple belongs to.</summary>
    public int SpecId { get; init; }

    /// <summary>Partition tuple in partition spec field order (transform results).</summary>
    public required IReadOnlyList<object?> Partition { get; init; }

    /// <summary>Number of records.</summary>
    public required long RecordCount { get; init; }

    /// <summary>Total file size in bytes.</summary>
    public required long FileSizeInBytes { get; init; }

    /// <summary>Field id to bytes on disk of the column.</summary>
    public IReadOnlyDictionary<int, long>? ColumnSizes { get; init; }

    /// <summary>Field id to number of values including nulls and NaN.</summary>
    public IReadOnlyDictionary<int, long>? ValueCounts { get; init; }

    /// <summary>Field id to number of nulls.</summary>
    public IReadOnlyDictionary<int, long>? NullValueCounts { get; init; }

    /// <summary>Field id to number of NaN values (float and double columns).</summary>
    public IReadOnlyDictionary<int, long>? NanValueCounts { get; init; }

    /// <summary>Field id to serialized lower bound.</summary>
    public IReadOnlyDictionary<int, byte[]>? LowerBounds { get; init; }

    /// <summary>Field id to serialized upper bound.</summary>
    public IReadOnlyDictionary<int, byte[]>? UpperBounds { get; init; }

    /// <summary>Row group offsets, ascending.</summary>
    public IReadOnlyList<long>? SplitOffsets { get; init; }

    /// <summary>Sort order id of the file, null when unknown.</summary>
    public int? SortOrderId { get; init; }
}
