namespace Kickstarter.Grains.Interfaces.Contracts;

/// <summary>Names of Orleans providers, shared by the silo and the grains.</summary>
public static class ProviderNames
{
    /// <summary>Stream provider over the two airline topics (the Flight Consolidator job's source).</summary>
    public const string AirlineStreams = "kafka-airlines";

    /// <summary>Stream provider over <c>airline.flight</c> (the Flyer Stats job's source).</summary>
    public const string FlightStreams = "kafka-flights";

    /// <summary>Grain storage of the jobs' grains and committers.</summary>
    public const string PipelineStorage = "pipeline";
}
