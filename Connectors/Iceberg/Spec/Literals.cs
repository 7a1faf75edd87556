using System.Globalization;
using System.Numerics;

namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>
/// Conversions between the CLR values callers use (DateOnly, DateTimeOffset, decimal, Guid...) and the physical
/// representations of the spec (days from 1970-01-01, microseconds from the epoch, unscaled decimals).
/// </summary>
internal static class Literals
{
    private static readonly DateOnly EpochDate = new(1970, 1, 1);

    /// <summary>Days from 1970-01-01 for a DateOnly, DateTime or an int already in days.</summary>
    public static int ToDays(object value) => value switch
    {
        DateOnly d => d.DayNumber - EpochDate.DayNumber,
        DateTime dt => DateOnly.FromDateTime(dt).DayNumber - EpochDate.DayNumber,
        int i => i,
        _ => throw new ArgumentException($"{value.GetType().Name} is not a date value"),
    };

    /// <summary>The date a day count stands for.</summary>
    public static DateOnly FromDays(int days) => EpochDate.AddDays(days);

    /// <summary>Microseconds from the Unix epoch (UTC) for a DateTimeOffset, a DateTime (its ticks taken as UTC) or a long already in
    /// micros.</summary>
    public static long ToTimestampMicros(object value) => value switch
    {
        DateTimeOffset o => (o.UtcTicks - DateTime.UnixEpoch.Ticks) / 10,
        DateTime dt => (dt.Ticks - DateTime.UnixEpoch.Ticks) / 10,
        long l => l,
        _ => throw new ArgumentException($"{value.GetType().Name} is not a timestamp value"),
    };

    /// <summary>A UTC DateTimeOffset from microseconds since the epoch.</summary>
    public static DateTimeOffset FromTimestampMicros(long micros) => new(DateTime.UnixEpoch.Ticks + (micros * 10), TimeSpan.Zero);

    /// <summary>Microseconds from midnight for a TimeOnly, TimeSpan or long.</summary>
    public static long ToTimeMicros(object value) => value switch
    {
        TimeOnly t => t.Ticks / 10,
        TimeSpan s => s.Ticks / 10,
        long l => l,
        _ => throw new ArgumentException($"{value.GetType().Name} is not a time value"),
    };

    /// <summary>A decimal from any numeric CLR value.</summary>
    public static decimal ToDecimal(object value) => value is decimal d ? d : Convert.ToDecimal(value, CultureInfo.InvariantCulture);

    /// <summary>The unscaled integer of a decimal at the column's scale (14.20 at scale 2 is 1420).</summary>
    public static BigInteger Unscaled(decimal value, int scale)
    {
        var rounded = decimal.Round(value, scale, MidpointRounding.ToEven);
        if (rounded != value)
        {
            throw new ArgumentException($"{value} has more than {scale} digits after the point");
        }

        var bits = decimal.GetBits(rounded);
        var magnitude = (new BigInteger((uint)bits[2]) << 64) | (new BigInteger((uint)bits[1]) << 32) | new BigInteger((uint)bits[0]);
        var valueScale = (bits[3] >> 16) & 0xff;
        var result = magnitude * BigInteger.Pow(10, scale - valueScale);
        return bits[3] < 0 ? -result : result;
    }

    /// <summary>A decimal from an unscaled integer and a scale.</summary>
    public static decimal FromUnscaled(BigInteger unscaled, int scale) =>
        scale <= 28 ? (decimal)unscaled / Pow10(scale) : throw new OverflowException("decimal scale above 28 does not fit System.Decimal");

    private static decimal Pow10(int exponent)
    {
        decimal power = 1;
        for (var i = 0; i < exponent; i++)
        {
            power *= 10;
        }

        return power;
    }

    /// <summary>Two's complement big-endian bytes of the unscaled value, minimum length (Appendix B and D).</summary>
    public static byte[] UnscaledBigEndian(decimal value, int scale) =>
        Unscaled(value, scale).ToByteArray(isUnsigned: false, isBigEndian: true);

    /// <summary>The 16 big-endian bytes of a UUID.</summary>
    public static byte[] UuidBigEndian(Guid value) => value.ToByteArray(bigEndian: true);

    /// <summary>Canonical CLR value for a type: user values (int for long, DateTime for timestamptz...) are normalised.</summary>
    public static object Normalize(object value, IcebergType type) => type.Kind switch
    {
        TypeKind.Boolean => (bool)value,
        TypeKind.Int => Convert.ToInt32(value, CultureInfo.InvariantCulture),
        TypeKind.Long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        TypeKind.Float => Convert.ToSingle(value, CultureInfo.InvariantCulture),
        TypeKind.Double => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        TypeKind.Decimal => ToDecimal(value),
        TypeKind.Date => value is DateOnly d ? d : FromDays(ToDays(value)),
        TypeKind.Time => value is TimeOnly t ? t : new TimeOnly(ToTimeMicros(value) * 10),
        TypeKind.Timestamp or TypeKind.TimestampTz => FromTimestampMicros(ToTimestampMicros(value)),
        TypeKind.String => value as string ?? throw new ArgumentException($"{value.GetType().Name} is not a string"),
        TypeKind.Uuid => value is Guid g ? g : Guid.Parse((string)value),
        TypeKind.Fixed or TypeKind.Binary => (byte[])value,
        _ => throw new NotSupportedException(type.ToString()),
    };
}
