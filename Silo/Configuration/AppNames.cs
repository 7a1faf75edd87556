namespace Kickstarter.Silo.Configuration;

/// <summary>Names accepted by <c>Kickstarter:Apps</c>.</summary>
public static class AppNames
{
    public const string Generator = "Generator";
    public const string Consolidator = "Consolidator";
    public const string FlyerStats = "FlyerStats";

    public static IReadOnlyList<string> All { get; } = [Generator, Consolidator, FlyerStats];
}
