using System.Text.Json;
using System.Text.Json.Serialization;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Grains.Sinks;

/// <summary>
/// JSON of a <see cref="DataFile"/>, for the staging manifest of a prepared epoch: everything a manifest entry needs,
/// so a commit after a crash appends exactly the files the epoch wrote without reading them again.
/// </summary>
internal static class DataFileJson
{
    public static DataFileDto ToDto(DataFile f) => new()
    {
        FilePath = f.FilePath,
        FileFormat = f.FileFormat,
        SpecId = f.SpecId,
        Partition = [.. f.Partition.Select(PartitionValue.From)],
        RecordCount = f.RecordCount,
        FileSizeInBytes = f.FileSizeInBytes,
        ColumnSizes = f.ColumnSizes?.ToDictionary(),
        ValueCounts = f.ValueCounts?.ToDictionary(),
        NullValueCounts = f.NullValueCounts?.ToDictionary(),
        NanValueCounts = f.NanValueCounts?.ToDictionary(),
        LowerBounds = f.LowerBounds?.ToDictionary(),
        UpperBounds = f.UpperBounds?.ToDictionary(),
        SplitOffsets = f.SplitOffsets?.ToList(),
        SortOrderId = f.SortOrderId,
    };

    public static DataFile FromDto(DataFileDto d) => new()
    {
        FilePath = d.FilePath,
        FileFormat = d.FileFormat,
        SpecId = d.SpecId,
        Partition = [.. d.Partition.Select(p => p.ToValue())],
        RecordCount = d.RecordCount,
        FileSizeInBytes = d.FileSizeInBytes,
        ColumnSizes = d.ColumnSizes,
        ValueCounts = d.ValueCounts,
        NullValueCounts = d.NullValueCounts,
        NanValueCounts = d.NanValueCounts,
        LowerBounds = d.LowerBounds,
        UpperBounds = d.UpperBounds,
        SplitOffsets = d.SplitOffsets,
        SortOrderId = d.SortOrderId,
    };
}

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

/// <summary>A partition value with its CLR type, so it comes back as the same type (int for a bucket, string for truncate).</summary>
internal sealed class PartitionValue
{
    public string Type { get; set; } = "null";
    public string? Value { get; set; }

    public static PartitionValue From(object? value) => value switch
    {
        null => new PartitionValue(),
        string s => new PartitionValue { Type = "string", Value = s },
        int i => new PartitionValue { Type = "int", Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        long l => new PartitionValue { Type = "long", Value = l.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        _ => throw new NotSupportedException($"Partition values of type {value.GetType().Name} are not staged."),
    };

    public object? ToValue() => Type switch
    {
        "null" => null,
        "string" => Value,
        "int" => int.Parse(Value!, System.Globalization.CultureInfo.InvariantCulture),
        "long" => long.Parse(Value!, System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"Unknown staged partition value type '{Type}'."),
    };
}

/// <summary>What a prepared epoch wrote: data files per table, and the Kafka batch file.</summary>
internal sealed class StagingManifest
{
    public string Job { get; set; } = "";
    public long Epoch { get; set; }
    public Dictionary<string, List<DataFileDto>> Tables { get; set; } = [];
    public string KafkaBatchPath { get; set; } = "";
    public long KafkaRecords { get; set; }
}

[JsonSerializable(typeof(StagingManifest))]
[JsonSourceGenerationOptions(WriteIndented = false)]
internal sealed partial class StagingJson : JsonSerializerContext
{
    public static byte[] Serialize(StagingManifest m) => JsonSerializer.SerializeToUtf8Bytes(m, Default.StagingManifest);

    public static StagingManifest Deserialize(byte[] json) =>
        JsonSerializer.Deserialize(json, Default.StagingManifest) ?? throw new InvalidDataException("Empty staging manifest.");
}
