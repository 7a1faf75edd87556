namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>Reserved field ids of the manifest and manifest list schemas (spec: Manifests, Manifest Lists).</summary>
internal static class FieldIds
{
    // manifest_entry
    public const int Status = 0;
    public const int SnapshotId = 1;
    public const int DataFile = 2;
    public const int SequenceNumber = 3;
    public const int FileSequenceNumber = 4;

    // data_file
    public const int FilePath = 100;
    public const int FileFormat = 101;
    public const int Partition = 102;
    public const int RecordCount = 103;
    public const int FileSizeInBytes = 104;
    public const int ColumnSizes = 108;
    public const int ColumnSizesKey = 117;
    public const int ColumnSizesValue = 118;
    public const int ValueCounts = 109;
    public const int ValueCountsKey = 119;
    public const int ValueCountsValue = 120;
    public const int NullValueCounts = 110;
    public const int NullValueCountsKey = 121;
    public const int NullValueCountsValue = 122;
    public const int NanValueCounts = 137;
    public const int NanValueCountsKey = 138;
    public const int NanValueCountsValue = 139;
    public const int LowerBounds = 125;
    public const int LowerBoundsKey = 126;
    public const int LowerBoundsValue = 127;
    public const int UpperBounds = 128;
    public const int UpperBoundsKey = 129;
    public const int UpperBoundsValue = 130;
    public const int KeyMetadata = 131;
    public const int SplitOffsets = 132;
    public const int SplitOffsetsElement = 133;
    public const int Content = 134;
    public const int EqualityIds = 135;
    public const int EqualityIdsElement = 136;
    public const int SortOrderId = 140;
    public const int ReferencedDataFile = 143;

    // manifest_file (manifest list)
    public const int ManifestPath = 500;
    public const int ManifestLength = 501;
    public const int PartitionSpecId = 502;
    public const int AddedSnapshotId = 503;
    public const int AddedFilesCount = 504;
    public const int ExistingFilesCount = 505;
    public const int DeletedFilesCount = 506;
    public const int Partitions = 507;
    public const int PartitionsElement = 508;
    public const int ContainsNull = 509;
    public const int LowerBound = 510;
    public const int UpperBound = 511;
    public const int AddedRowsCount = 512;
    public const int ExistingRowsCount = 513;
    public const int DeletedRowsCount = 514;
    public const int ManifestSequenceNumber = 515;
    public const int MinSequenceNumber = 516;
    public const int ManifestContent = 517;
    public const int ContainsNan = 518;
    public const int ManifestKeyMetadata = 519;
}
