using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;

namespace Kickstarter.Grains.Jobs;

/// <summary>
/// The registered jobs. Adding a job is its folder under <c>Grains/Jobs/</c> and one line in <see cref="All"/>.
/// </summary>
public static class JobCatalog
{
    /// <summary>
    /// Every job, upstream first: a bounded run drains them in this order, so a job's final epoch has released
    /// everything its downstream job reads.
    /// </summary>
    public static IReadOnlyList<JobDefinition> All { get; } =
    [
        ConsolidatorJob.Definition,
        FlyerStatsJob.Definition,
    ];

    /// <summary>Every topic the jobs read or write, then the dead-letter topic: what a cluster must have.</summary>
    public static IReadOnlyList<string> Topics { get; } =
    [
        .. All.SelectMany(job => job.SourceTopics.Concat(job.OutputTopics)).Distinct(StringComparer.Ordinal),
        Interfaces.Contracts.Topics.DeadLetter,
    ];

    /// <summary>Every table the jobs write.</summary>
    public static IReadOnlyList<OutputTable> Tables { get; } = [.. All.SelectMany(job => job.Tables)];

    /// <summary>The job of that name; throws for an unknown one.</summary>
    public static JobDefinition Get(string name) =>
        All.FirstOrDefault(job => job.Name == name) ?? throw new ArgumentException($"Unknown job '{name}'.", nameof(name));

    /// <summary>The job reading through that stream provider; throws for an unknown one.</summary>
    public static JobDefinition ForStreamProvider(string provider) =>
        All.FirstOrDefault(job => job.StreamProvider == provider)
        ?? throw new ArgumentException($"No job reads through stream provider '{provider}'.", nameof(provider));

    /// <summary>
    /// The jobs whose <see cref="JobDefinition.SettingName"/> is in <paramref name="settingNames"/> (any case), in
    /// catalog order; names of other jobs (the Silo's Generator) are ignored.
    /// </summary>
    public static IReadOnlyList<JobDefinition> Selected(IEnumerable<string> settingNames)
    {
        var names = settingNames.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. All.Where(job => names.Contains(job.SettingName))];
    }
}
