using System.Globalization;

namespace Kickstarter.Grains.Interfaces.Contracts;

/// <summary>
/// The data contract's time strings (<c>departure_time</c>, <c>arrival_time</c>): UTC, <c>yyyy-MM-dd HH:mm:ss</c>, as
/// in the Flink original.
/// </summary>
public static class ContractTime
{
    /// <summary>The format of departure and arrival strings.</summary>
    public const string Format = "yyyy-MM-dd HH:mm:ss";

    private const DateTimeStyles Utc = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;

    /// <summary>The contract's string of <paramref name="time"/>.</summary>
    public static string ToText(DateTime time) => time.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Parses a contract time as UTC; throws <see cref="FormatException"/> on anything else.</summary>
    public static DateTime Parse(string value) => DateTime.ParseExact(value, Format, CultureInfo.InvariantCulture, Utc);

    /// <summary>True when <paramref name="value"/> is a time in the contract's format.</summary>
    public static bool IsValid(string? value) =>
        value is not null && DateTime.TryParseExact(value, Format, CultureInfo.InvariantCulture, Utc, out _);
}
