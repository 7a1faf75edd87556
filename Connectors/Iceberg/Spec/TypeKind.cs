namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>The primitive type families of the Iceberg spec ("Schemas and Data Types").</summary>
internal enum TypeKind
{
    /// <summary>True or false.</summary>
    Boolean,
    /// <summary>32-bit signed integer.</summary>
    Int,
    /// <summary>64-bit signed integer.</summary>
    Long,
    /// <summary>32-bit IEEE 754 floating point.</summary>
    Float,
    /// <summary>64-bit IEEE 754 floating point.</summary>
    Double,
    /// <summary>Fixed-point decimal with precision P and scale S.</summary>
    Decimal,
    /// <summary>Calendar date without time or zone (days from 1970-01-01).</summary>
    Date,
    /// <summary>Time of day in microseconds, no date or zone.</summary>
    Time,
    /// <summary>Timestamp in microseconds, without zone.</summary>
    Timestamp,
    /// <summary>Timestamp in microseconds, stored as UTC.</summary>
    TimestampTz,
    /// <summary>Arbitrary-length UTF-8 character sequence.</summary>
    String,
    /// <summary>Universally unique identifier.</summary>
    Uuid,
    /// <summary>Fixed-length byte array of length L.</summary>
    Fixed,
    /// <summary>Arbitrary-length byte array.</summary>
    Binary,
}
