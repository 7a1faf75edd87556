namespace Kickstarter.Grains.Serialization;

/// <summary>How record values are written on a topic.</summary>
public enum RecordFormat
{
    /// <summary>Confluent wire format: magic byte 0, 4-byte big-endian schema id, Avro binary (the default).</summary>
    Avro,

    /// <summary>UTF-8 JSON with the original's snake_case field names.</summary>
    Json,
}
