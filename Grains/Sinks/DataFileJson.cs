using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Grains.Sinks;

/// <summary>
/// JSON of a <see cref="DataFile"/>, for the staging manifest of a prepared epoch: everything a manifest entry needs,
/// so a commit after a crash appends exactly the files the epoch wrote without reading them again.
/// </summary>
internal static class DataFileJson
{
    public static DataFileDto ToDto(DataFile file) => new()
    {
        FilePath = file.FilePath,
        FileFormat = file.FileFormat,
        SpecId = file.SpecId,
        Partition = [.. file.Partition.Select(PartitionValue.From)],
        RecordCount = file.RecordCount,
        FileSizeInBytes = file.FileSizeInBytes,
        ColumnSizes = file.ColumnSizes?.ToDictionary(),
        ValueCounts = file.ValueCounts?.ToDictionary(),
        NullValueCounts = file.NullValueCounts?.ToDictionary(),
        NanValueCounts = file.NanValueCounts?.ToDictionary(),
        LowerBounds = file.LowerBounds?.ToDictionary(),
        UpperBounds = file.UpperBounds?.ToDictionary(),
        SplitOffsets = file.SplitOffsets?.ToList(),
        SortOrderId = file.SortOrderId,
    };

    public static DataFile FromDto(DataFileDto dto) => new()
    {
        FilePath = dto.FilePath,
        FileFormat = dto.FileFormat,
        SpecId = dto.SpecId,
        Partition = [.. dto.Partition.Select(value => value.ToValue())],
        RecordCount = dto.RecordCount,
        FileSizeInBytes = dto.FileSizeInBytes,
        ColumnSizes = dto.ColumnSizes,
        ValueCounts = dto.ValueCounts,
        NullValueCounts = dto.NullValueCounts,
        NanValueCounts = dto.NanValueCounts,
        LowerBounds = dto.LowerBounds,
        UpperBounds = dto.UpperBounds,
        SplitOffsets = dto.SplitOffsets,
        SortOrderId = dto.SortOrderId,
    };
}
