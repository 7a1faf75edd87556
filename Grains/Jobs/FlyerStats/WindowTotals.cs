namespace Kickstarter.Grains.Jobs.FlyerStats;

/// <summary>What one open window has accumulated.</summary>
[GenerateSerializer]
public sealed class WindowTotals
{
    [Id(0)] public long DurationMinutes { get; set; }
    [Id(1)] public long Flights { get; set; }
}
