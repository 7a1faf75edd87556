using System.Globalization;
using System.Text.RegularExpressions;

namespace Kickstarter.Connectors.Iceberg.Spec;

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
        var match = Parameterized.Match(text.Trim());
        if (match.Success)
        {
            var parameter = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            return match.Groups[1].Value == "bucket" ? Bucket(parameter) : Truncate(parameter);
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
        var kind = source.Kind;
        bool isTemporal = kind is TypeKind.Date or TypeKind.Timestamp or TypeKind.TimestampTz;
        return Kind switch
        {
            TransformKind.Identity or TransformKind.Void => source,
            TransformKind.Bucket when kind is not (TypeKind.Boolean or TypeKind.Float or TypeKind.Double) => IcebergType.Int,
            TransformKind.Truncate when kind is TypeKind.Int or TypeKind.Long or TypeKind.Decimal or TypeKind.String or TypeKind.Binary =>
                source,
            TransformKind.Year or TransformKind.Month when isTemporal => IcebergType.Int,
            TransformKind.Day when isTemporal => IcebergType.Date,
            TransformKind.Hour when kind is TypeKind.Timestamp or TypeKind.TimestampTz => IcebergType.Int,
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

        var normalized = Literals.Normalize(value, source);
        return Kind switch
        {
            TransformKind.Identity => normalized,
            TransformKind.Bucket => (Murmur3.Hash(normalized, source) & int.MaxValue) % Parameter,
            TransformKind.Truncate => TruncateValue(normalized, source),
            TransformKind.Year => source.Kind == TypeKind.Date
                ? ((DateOnly)normalized).Year - 1970
                : ((DateTimeOffset)normalized).UtcDateTime.Year - 1970,
            TransformKind.Month => MonthsFromEpoch(source.Kind == TypeKind.Date ? ((DateOnly)normalized).ToDateTime(TimeOnly.MinValue)
                : ((DateTimeOffset)normalized).UtcDateTime),
            TransformKind.Day => source.Kind == TypeKind.Date
                ? normalized
                : DateOnly.FromDateTime(((DateTimeOffset)normalized).UtcDateTime),
            TransformKind.Hour => (int)FloorDiv(Literals.ToTimestampMicros(normalized), 3_600_000_000L),
            _ => throw new InvalidOperationException(),
        };
    }

    private static int MonthsFromEpoch(DateTime dateTime) => ((dateTime.Year - 1970) * 12) + dateTime.Month - 1;

    private static long FloorDiv(long dividend, long divisor) =>
        (dividend / divisor) - ((dividend % divisor != 0 && (dividend < 0) != (divisor < 0)) ? 1 : 0);

    private object TruncateValue(object value, IcebergType source)
    {
        var width = Parameter;
        switch (source.Kind)
        {
            case TypeKind.Int: { var intValue = (int)value; return intValue - (((intValue % width) + width) % width); }
            case TypeKind.Long: { var longValue = (long)value; return longValue - (((longValue % width) + width) % width); }
            case TypeKind.Decimal:
                {
                    var unscaled = Literals.Unscaled((decimal)value, source.Scale);
                    var rem = ((unscaled % width) + width) % width;
                    return Literals.FromUnscaled(unscaled - rem, source.Scale);
                }
            case TypeKind.String:
                {
                    // Truncate to W code points, never splitting a surrogate pair.
                    var text = (string)value;
                    var end = StringInfoCodePoints(text, width);
                    return text[..end];
                }
            case TypeKind.Binary:
                {
                    var bytes = (byte[])value;
                    return bytes.Length <= width ? bytes : bytes[..width];
                }
            default: throw new ArgumentException($"truncate cannot be applied to {source}");
        }
    }

    private static int StringInfoCodePoints(string text, int codePoints)
    {
        var index = 0;
        for (var counted = 0; counted < codePoints && index < text.Length; counted++)
        {
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
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
