namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>Table property names this library reads, with their defaults.</summary>
public static class TableProperties
{
    /// <summary>File format of new data files; only "parquet" is written. Default: parquet.</summary>
    public const string DefaultFileFormat = "write.format.default";
    /// <summary>Parquet codec: zstd, snappy, gzip or uncompressed. Default: zstd.</summary>
    public const string ParquetCompressionCodec = "write.parquet.compression-codec";
    /// <summary>
    /// Codec level, as in Java Iceberg: a number, 1 (fastest) to 22 (smallest). Default: unset, the fastest level,
    /// which for zstd is close to Java Iceberg's default of 3; the smallest level costs several times the CPU for a few
    /// percent of size (measured: two thirds of the pipeline's Parquet time, docs/benchmarks.md).
    /// </summary>
    public const string ParquetCompressionLevel = "write.parquet.compression-level";
    /// <summary>Target size of a data file in bytes; writers start a new file past it. Default: 536870912 (512 MiB).</summary>
    public const string TargetFileSizeBytes = "write.target-file-size-bytes";
    /// <summary>Number of commit attempts after the first. Default: 4.</summary>
    public const string CommitNumRetries = "commit.retry.num-retries";
    /// <summary>First retry wait in ms. Default: 100.</summary>
    public const string CommitMinRetryWaitMs = "commit.retry.min-wait-ms";
    /// <summary>Longest retry wait in ms. Default: 60000.</summary>
    public const string CommitMaxRetryWaitMs = "commit.retry.max-wait-ms";
    /// <summary>Previous metadata files kept in metadata-log. Default: 100.</summary>
    public const string MetadataPreviousVersionsMax = "write.metadata.previous-versions-max";

    public const long TargetFileSizeBytesDefault = 512L * 1024 * 1024;
    public const int CommitNumRetriesDefault = 4;

    /// <summary>Properties every new table gets unless the caller overrides them.</summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>
    {
        [DefaultFileFormat] = "parquet",
        [ParquetCompressionCodec] = "zstd",
        [TargetFileSizeBytes] = TargetFileSizeBytesDefault.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
