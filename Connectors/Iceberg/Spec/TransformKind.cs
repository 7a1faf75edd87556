namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>The partition transforms of the spec.</summary>
internal enum TransformKind
{
    /// <summary>Source value, unmodified.</summary>
    Identity,
    /// <summary>Murmur3 hash of the value mod N.</summary>
    Bucket,
    /// <summary>Value truncated to width W.</summary>
    Truncate,
    /// <summary>Years from 1970.</summary>
    Year,
    /// <summary>Months from 1970-01.</summary>
    Month,
    /// <summary>Days from 1970-01-01 (a date).</summary>
    Day,
    /// <summary>Hours from 1970-01-01 00:00.</summary>
    Hour,
    /// <summary>Always null.</summary>
    Void,
}
