namespace Kickstarter.Grains.Epochs.Coordinator;

/// <summary>How often the committers run epochs and table maintenance (section <c>Committer</c>).</summary>
public sealed class CommitterOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string Section = "Committer";

    /// <summary>Time between two epochs (barrier, snapshot, commit); default: 10 seconds.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Time between two runs of table maintenance (compaction, expiry, orphan removal); default: 5 minutes.
    /// </summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Longest time one coordination step of an epoch (rewind, barrier, snapshot) may take before the epoch is
    /// abandoned; the sink's prepare and commit are not bounded by it; default: 2 minutes.
    /// </summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
