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

/// <summary>Iceberg table names; every table lives in <see cref="Namespace"/>.</summary>
public static class Tables
{
    public const string Namespace = "apache_kickstarter.airlines";
    public const string SunsetAirline = "sunset_airline";
    public const string SkyOneAirline = "skyone_airline";
    public const string Flight = "flight";
    public const string FlyerStats = "flyer_stats";
}

/// <summary>Names of Orleans providers, shared by the silo and the grains.</summary>
public static class ProviderNames
{
    /// <summary>Stream provider over the two airline topics (the Flight Consolidator's source).</summary>
    public const string AirlineStreams = "kafka-airlines";

    /// <summary>Stream provider over <c>airline.flight</c> (the Flyer Stats source).</summary>
    public const string FlightStreams = "kafka-flights";

    /// <summary>Grain storage of the pipeline's grains and committers.</summary>
    public const string PipelineStorage = "pipeline";
}
