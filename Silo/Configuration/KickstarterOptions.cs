using Kickstarter.Grains.Hosting;
using Microsoft.Extensions.Configuration;

namespace Kickstarter.Silo.Configuration;

/// <summary>Which jobs this process runs and for how long (section <c>Kickstarter</c>).</summary>
public sealed class KickstarterOptions
{
    public const string Section = "Kickstarter";

    /// <summary>Jobs to run (<c>--jobs</c>), any of Generator, Consolidator, FlyerStats; default: all three.</summary>
    public List<string> Jobs { get; set; } = [];

    /// <summary>The old name of <see cref="Jobs"/> (<c>Kickstarter:Apps</c>, <c>--apps</c>), still read; default: none.</summary>
    public List<string> Apps { get; set; } = [];

    /// <summary>Stop after this long, after a final commit (<c>--duration 30s</c>); default: run until Ctrl+C.</summary>
    public TimeSpan? Duration { get; set; }

    /// <summary>
    /// The jobs listed under <see cref="Jobs"/> and <see cref="Apps"/>, with the default (all) applied. Entries may hold
    /// comma-separated names (see <see cref="JobSelection"/>).
    /// </summary>
    public IReadOnlyList<string> EffectiveJobs
    {
        get
        {
            var jobs = JobSelection.Split([.. Jobs, .. Apps]);
            return jobs.Count == 0 ? JobNames.All : jobs;
        }
    }

    /// <summary>
    /// Sets <see cref="Jobs"/> and <see cref="Apps"/> from <paramref name="configuration"/> (the root) the way
    /// <see cref="JobSelection"/> reads them: indexed entries or one comma-separated value. The binder alone drops a
    /// plain value (<c>Kickstarter__Apps=Consolidator,FlyerStats</c>), and the process would then run every job.
    /// </summary>
    public void ReadJobs(IConfiguration configuration)
    {
        Jobs = [.. JobSelection.Entries(configuration, JobSelection.Key)];
        Apps = [.. JobSelection.Entries(configuration, JobSelection.AliasKey)];
    }

    public bool Runs(string job) => EffectiveJobs.Contains(job, StringComparer.OrdinalIgnoreCase);
}
