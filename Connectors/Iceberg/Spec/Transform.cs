using System.Globalization;
using System.Text.RegularExpressions;

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

/// <summary>A partition transform such as identity, bucket[16], truncate[4], year, month, day, hour or void.</summary>
internal sealed record Transform(TransformKind Kind, int Parameter = 0)
{
    private static readonly Regex Parameterized = new(@"^(bucket|truncate)\[\s*(\d+)\s*\]$", RegexOptions.CultureInvariant);

    public static Transform Identity { get; } = new(TransformKind.Identity);
    public static Transform Year { get; } = new(TransformKind.Year);
    public static Transform Month { get; } = new(TransformKind.Month);
    public static Transform Day { get; } = new(TransformKind.Day);
    public static Transform Hour { get; } = new(TransformKind.Hour);
    public static Transform Void { get; } = new(TransformKind.Void);

    /// <summary>bucket[N].</summary>
    public static Transform Bucket(int n) => n > 0 ? new(TransformKind.Bucket, n)
        : throw new ArgumentOutOfRangeException(nameof(n), n, "bucket count must be positive");

    /// <summary>truncate[W].</summary>
    public static Transform Truncate(int width) =>
        width > 0 ? new(TransformKind.Truncate, width)
            : throw new ArgumentOutOfRangeException(nameof(width), width, "truncate width must be positive");

    /// <summary>The spec's JSON string for the transform.</summary>
    public override string ToString() => Kind switch
    {
        TransformKind.Bucket => string.Create(CultureInfo.InvariantCulture, $"bucket[{Parameter}]"),
        TransformKind.Truncate => string.Create(CultureInfo.InvariantCulture, $"truncate[{Parameter}]"),
        _ => Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Parses a transform string.</summary>
    public static Transform Parse(string text)
    {
        var m = Parameterized.Match(text.Trim());
        if (m.Success)
        {
            var n = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            return m.Groups[1].Value == "bucket" ? Bucket(n) : Truncate(n);
        }
        return text.Trim() switch
        {
            "identity" => Identity,
            "year" => Year,
            "month" => Month,
            "day" => Day,
            "hour" => Hour,
            "void" => Void,
            _ => throw new FormatException($"'{text}' is not a known partition transform"),
        };
    }

    /// <summary>The result type of this transform on a source type; also checks the source type is allowed.</summary>
    public IcebergType ResultType(IcebergType source)
    {
        var k = source.Kind;
        bool isTemporal = k is TypeKind.Date or TypeKind.Timestamp or TypeKind.TimestampTz;
        return Kind switch
        {
            TransformKind.Identity or TransformKind.Void => source,
            TransformKind.Bucket when k is not (TypeKind.Boolean or TypeKind.Float or TypeKind.Double) => IcebergType.Int,
            TransformKind.Truncate when k is TypeKind.Int or TypeKind.Long or TypeKind.Decimal or TypeKind.String or TypeKind.Binary =>
                source,
            TransformKind.Year or TransformKind.Month when isTemporal => IcebergType.Int,
            TransformKind.Day when isTemporal => IcebergType.Date,
            TransformKind.Hour when k is TypeKind.Timestamp or TypeKind.TimestampTz => IcebergType.Int,
            _ => throw new ArgumentException($"transform {this} cannot be applied to {source}"),
        };
    }

    /// <summary>Applies the transform to a (normalised or raw) source value; null in, null out.</summary>
    public object? Apply(object? value, IcebergType source)
    {
        if (value is null || Kind == TransformKind.Void)
        {
            return null;
        }

        var v = Literals.Normalize(value, source);
        return Kind switch
        {
            TransformKind.Identity => v,
            TransformKind.Bucket => (Murmur3.Hash(v, source) & int.MaxValue) % Parameter,
            TransformKind.Truncate => TruncateValue(v, source),
            TransformKind.Year => source.Kind == TypeKind.Date ? ((DateOnly)v).Year - 1970 : ((DateTimeOffset)v).UtcDateTime.Year - 1970,
            TransformKind.Month => MonthsFromEpoch(source.Kind == TypeKind.Date ? ((DateOnly)v).ToDateTime(TimeOnly.MinValue)
                : ((DateTimeOffset)v).UtcDateTime),
            TransformKind.Day => source.Kind == TypeKind.Date ? v : DateOnly.FromDateTime(((DateTimeOffset)v).UtcDateTime),
            TransformKind.Hour => (int)FloorDiv(Literals.ToTimestampMicros(v), 3_600_000_000L),
            _ => throw new InvalidOperationException(),
        };
    }

    private static int MonthsFromEpoch(DateTime d) => ((d.Year - 1970) * 12) + d.Month - 1;

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);

    private object TruncateValue(object v, IcebergType source)
    {
        var w = Parameter;
        switch (source.Kind)
        {
            case TypeKind.Int: { var i = (int)v; return i - (((i % w) + w) % w); }
            case TypeKind.Long: { var l = (long)v; return l - (((l % w) + w) % w); }
            case TypeKind.Decimal:
                {
                    var unscaled = Literals.Unscaled((decimal)v, source.Scale);
                    var rem = ((unscaled % w) + w) % w;
                    return Literals.FromUnscaled(unscaled - rem, source.Scale);
                }
            case TypeKind.String:
                {
                    // Truncate to W code points, never splitting a surrogate pair.
                    var s = (string)v;
                    var e = StringInfoCodePoints(s, w);
                    return s[..e];
                }
            case TypeKind.Binary:
                {
                    var b = (byte[])v;
                    return b.Length <= w ? b : b[..w];
                }
            default: throw new ArgumentException($"truncate cannot be applied to {source}");
        }
    }

    private static int StringInfoCodePoints(string s, int codePoints)
    {
        var index = 0;
        for (var n = 0; n < codePoints && index < s.Length; n++)
        {
            index += char.IsHighSurrogate(s[index]) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]) ? 2 : 1;
        }
        return index;
    }

    /// <summary>The human-readable form of a transformed value used in partition paths (Java's toHumanString).</summary>
    public string ToHumanString(object? value, IcebergType resultType)
    {
        if (value is null)
        {
            return "null";
        }

        return Kind switch
        {
            TransformKind.Year => (1970 + (int)value).ToString(CultureInfo.InvariantCulture),
            TransformKind.Month => string.Create(CultureInfo.InvariantCulture,
                $"{1970 + FloorDivInt((int)value, 12):D4}-{(((int)value % 12) + 12) % 12 + 1:D2}"),
            TransformKind.Hour => Literals.FromTimestampMicros((int)value * 3_600_000_000L).UtcDateTime
                .ToString("yyyy-MM-dd-HH", CultureInfo.InvariantCulture),
            _ => HumanValue(value, resultType),
        };
    }

    private static int FloorDivInt(int a, int b) => (int)FloorDiv(a, b);

    private static string HumanValue(object value, IcebergType type) => type.Kind switch
    {
        TypeKind.Date => ((DateOnly)Literals.Normalize(value, type)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TypeKind.Timestamp => ((DateTimeOffset)value).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        TypeKind.TimestampTz =>
            ((DateTimeOffset)value).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "Z",
        TypeKind.Binary or TypeKind.Fixed => Convert.ToBase64String((byte[])value),
        TypeKind.Boolean => (bool)value ? "true" : "false",
        TypeKind.Decimal => ((decimal)value).ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };

}
