namespace Kickstarter.Silo.Generator;

/// <summary>The Data Generator (section <c>Generator</c>).</summary>
public sealed class GeneratorOptions
{
    public const string Section = "Generator";

    /// <summary>Bookings per second per airline; default: 10.</summary>
    public double RatePerSecond { get; set; } = 10;

    /// <summary>Number of distinct flyers (emails); default: 100.</summary>
    public int FlyerPoolSize { get; set; } = 100;

    /// <summary>Stop after this many bookings per airline; default: unbounded.</summary>
    public long? Count { get; set; }

    /// <summary>Random seed; default: a random one. A fixed seed (with a fixed start time) gives the same bookings.</summary>
    public int? Seed { get; set; }

    /// <summary>
    /// Event time of the first booking; default: now, or 2026-01-01T00:00:00Z when a seed is set, so that a seed alone
    /// reproduces a run.
    /// </summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>The start time with the default applied.</summary>
    public DateTimeOffset EffectiveStartTime(TimeProvider clock) =>
        StartTime ?? (Seed is null ? clock.GetUtcNow() : new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
}
