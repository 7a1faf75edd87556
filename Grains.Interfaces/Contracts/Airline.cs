namespace Kickstarter.Grains.Interfaces.Contracts;

/// <summary>The two simulated airlines, with their topic, raw table and flight-number prefix.</summary>
public sealed record Airline(string Name, string Topic, string RawTable, string FlightNumberPrefix)
{
    /// <summary>Sunset Air: flight numbers "SUN0".."SUN999".</summary>
    public static readonly Airline Sunset = new("Sunset", Topics.Sunset, Tables.SunsetAirline, "SUN");

    /// <summary>Sky One Airlines: flight numbers "SKY10".."SKY1999".</summary>
    public static readonly Airline SkyOne = new("SkyOne", Topics.SkyOne, Tables.SkyOneAirline, "SKY1");

    /// <summary>Both airlines, Sunset first.</summary>
    public static IReadOnlyList<Airline> All { get; } = [Sunset, SkyOne];

    /// <summary>The airline whose topic this is, or null.</summary>
    public static Airline? ForTopic(string topic) => All.FirstOrDefault(a => a.Topic == topic);

    /// <summary>The airline whose prefix the flight number carries ("SKY1" is checked before "SUN"), or null.</summary>
    public static Airline? ForFlightNumber(string flightNumber) =>
        All.OrderByDescending(a => a.FlightNumberPrefix.Length)
           .FirstOrDefault(a => flightNumber.StartsWith(a.FlightNumberPrefix, StringComparison.Ordinal));
}
