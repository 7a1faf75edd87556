namespace Kickstarter.Silo.Configuration;

/// <summary>Which apps this process runs and for how long (section <c>Kickstarter</c>).</summary>
public sealed class KickstarterOptions
{
    public const string Section = "Kickstarter";

    /// <summary>Apps to run, any of Generator, Consolidator, FlyerStats; default: all three.</summary>
    public List<string> Apps { get; set; } = [];

    /// <summary>Stop after this long, after a final commit (<c>--duration 30s</c>); default: run until Ctrl+C.</summary>
    public TimeSpan? Duration { get; set; }

    /// <summary>
    /// The apps, with the default (all) applied. Entries may hold comma-separated names, so one environment variable
    /// <c>Kickstarter__Apps=Consolidator,FlyerStats</c> works as well as indexed entries.
    /// </summary>
    public IReadOnlyList<string> EffectiveApps
    {
        get
        {
            var apps = Apps.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            return apps.Count == 0 ? AppNames.All : apps;
        }
    }

    public bool Runs(string app) => EffectiveApps.Contains(app, StringComparer.OrdinalIgnoreCase);
}
