namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>An entry of metadata-log: a previous metadata file and when it was written.</summary>
internal sealed record MetadataLogEntry(long TimestampMs, string MetadataFile);
