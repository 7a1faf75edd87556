using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Epochs;

/// <summary>A job: one committer, one stream provider, its source topics and the apps setting that enables it.</summary>
public sealed record JobDefinition(string Name, string StreamProvider, IReadOnlyList<string> SourceTopics);

/// <summary>The two jobs of the pipeline.</summary>
public static class Jobs
{
    /// <summary>Flight Consolidator: the airline topics into <c>flight</c>, <c>airline.flight</c> and the raw tables.</summary>
    public static readonly JobDefinition Consolidator =
        new("consolidator", ProviderNames.AirlineStreams, [Topics.Sunset, Topics.SkyOne]);

    /// <summary>Flyer Stats: <c>airline.flight</c> into <c>flyer_stats</c> and <c>airline.flyer_stats</c>.</summary>
    public static readonly JobDefinition FlyerStats =
        new("flyer-stats", ProviderNames.FlightStreams, [Topics.Flight]);

    public static IReadOnlyList<JobDefinition> All { get; } = [Consolidator, FlyerStats];

    /// <summary>The job of that name; throws for an unknown one.</summary>
    public static JobDefinition Get(string name) =>
        All.FirstOrDefault(j => j.Name == name) ?? throw new ArgumentException($"Unknown job '{name}'.", nameof(name));
}
