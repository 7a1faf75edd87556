using System.Globalization;
using System.Text.RegularExpressions;

namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>An Iceberg primitive type; its JSON form is the spec's type string ("decimal(10,2)", "timestamptz").</summary>
public sealed record IcebergType
{
    private static readonly Regex DecimalPattern = new(@"^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$", RegexOptions.CultureInvariant);
    private static readonly Regex FixedPattern = new(@"^fixed\[\s*(\d+)\s*\]$", RegexOptions.CultureInvariant);

    private IcebergType(TypeKind kind, int precision = 0, int scale = 0, int length = 0)
    {
        Kind = kind;
        Precision = precision;
        Scale = scale;
        Length = length;
    }

    /// <summary>The type family.</summary>
    internal TypeKind Kind { get; }

    /// <summary>Decimal precision (digits), 0 for other types.</summary>
    public int Precision { get; }

    /// <summary>Decimal scale (digits after the point), 0 for other types.</summary>
    public int Scale { get; }

    /// <summary>Length of a fixed type in bytes, 0 for other types.</summary>
    public int Length { get; }

    public static IcebergType Boolean { get; } = new(TypeKind.Boolean);
    public static IcebergType Int { get; } = new(TypeKind.Int);
    public static IcebergType Long { get; } = new(TypeKind.Long);
    public static IcebergType Float { get; } = new(TypeKind.Float);
    public static IcebergType Double { get; } = new(TypeKind.Double);
    public static IcebergType Date { get; } = new(TypeKind.Date);
    public static IcebergType Time { get; } = new(TypeKind.Time);
    public static IcebergType Timestamp { get; } = new(TypeKind.Timestamp);
    public static IcebergType TimestampTz { get; } = new(TypeKind.TimestampTz);
    public static IcebergType String { get; } = new(TypeKind.String);
    public static IcebergType Uuid { get; } = new(TypeKind.Uuid);
    public static IcebergType Binary { get; } = new(TypeKind.Binary);

    /// <summary>decimal(P,S); P at most 38 and S at most P.</summary>
    public static IcebergType Decimal(int precision, int scale)
    {
        if (precision is < 1 or > 38)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "decimal precision must be between 1 and 38");
        }

        if (scale < 0 || scale > precision)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "decimal scale must be between 0 and the precision");
        }

        return new IcebergType(TypeKind.Decimal, precision, scale);
    }

    /// <summary>fixed[L].</summary>
    public static IcebergType Fixed(int length) =>
        length > 0 ? new IcebergType(TypeKind.Fixed, length: length) : throw new ArgumentOutOfRangeException(nameof(length));

    /// <summary>The spec's JSON type string.</summary>
    public override string ToString() => Kind switch
    {
        TypeKind.Boolean => "boolean",
        TypeKind.Int => "int",
        TypeKind.Long => "long",
        TypeKind.Float => "float",
        TypeKind.Double => "double",
        TypeKind.Decimal => string.Create(CultureInfo.InvariantCulture, $"decimal({Precision},{Scale})"),
        TypeKind.Date => "date",
        TypeKind.Time => "time",
        TypeKind.Timestamp => "timestamp",
        TypeKind.TimestampTz => "timestamptz",
        TypeKind.String => "string",
        TypeKind.Uuid => "uuid",
        TypeKind.Fixed => string.Create(CultureInfo.InvariantCulture, $"fixed[{Length}]"),
        TypeKind.Binary => "binary",
        _ => throw new InvalidOperationException($"unknown type kind {Kind}"),
    };

    /// <summary>Parses a spec type string; whitespace around parameters is accepted.</summary>
    public static IcebergType Parse(string text)
    {
        var trimmed = text.Trim();
        switch (trimmed)
        {
            case "boolean": return Boolean;
            case "int": return Int;
            case "long": return Long;
            case "float": return Float;
            case "double": return Double;
            case "date": return Date;
            case "time": return Time;
            case "timestamp": return Timestamp;
            case "timestamptz": return TimestampTz;
            case "string": return String;
            case "uuid": return Uuid;
            case "binary": return Binary;
        }
        var decimalMatch = DecimalPattern.Match(trimmed);
        if (decimalMatch.Success)
        {
            return Decimal(
                int.Parse(decimalMatch.Groups[1].Value, CultureInfo.InvariantCulture),
                int.Parse(decimalMatch.Groups[2].Value, CultureInfo.InvariantCulture));
        }

        var fixedMatch = FixedPattern.Match(trimmed);
        if (fixedMatch.Success)
        {
            return Fixed(int.Parse(fixedMatch.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        throw new FormatException($"'{text}' is not a supported Iceberg primitive type");
    }

    /// <summary>Minimum number of bytes that hold any unscaled value of this decimal's precision (spec: minBytesRequired(P)).</summary>
    internal int DecimalRequiredBytes()
    {
        for (var bytes = 1; bytes <= 16; bytes++)
        {
            // Largest magnitude a two's complement number of this many bytes holds: 2^(8*bytes-1) - 1.
            if (Math.Pow(2, (8 * bytes) - 1) - 1 >= Math.Pow(10, Precision) - 1)
            {
                return bytes;
            }
        }
        return 16;
    }
}
