using Kickstarter.Grains.Jobs;

namespace Kickstarter.Silo.Configuration;

/// <summary>Names accepted by <c>Kickstarter:Jobs</c>: the Generator and every job of the catalog.</summary>
public static class JobNames
{
    /// <summary>The Data Generator, which this process runs itself (Silo/Generator).</summary>
    public const string Generator = "Generator";

    public static IReadOnlyList<string> All { get; } = [Generator, .. JobCatalog.All.Select(job => job.SettingName)];
}
