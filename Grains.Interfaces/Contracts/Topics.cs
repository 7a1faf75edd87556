namespace Kickstarter.Grains.Interfaces.Contracts;

/// <summary>Kafka topic names, as in the Flink original.</summary>
public static class Topics
{
    public const string Sunset = "airline.sunset";
    public const string SkyOne = "airline.skyone";
    public const string Flight = "airline.flight";
    public const string FlyerStats = "airline.flyer_stats";
    public const string DeadLetter = "airline.dlq";
}
