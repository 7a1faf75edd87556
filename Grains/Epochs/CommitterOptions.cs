using Microsoft.Extensions.Options;

namespace Kickstarter.Grains.Epochs;

/// <summary>How often the committers run epochs and table maintenance.</summary>
public sealed class CommitterOptions
{
    /// <summary>Time between two epochs (barrier, snapshot, commit); default: 10 seconds.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time between two runs of table maintenance (compaction, expiry, orphan removal); default: 5 minutes.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Longest time one coordination step of an epoch (rewind, barrier, snapshot) may take before the epoch is
    /// abandoned; the sink's prepare and commit are not bounded by it; default: 2 minutes.
    /// </summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(2);
}

internal sealed class CommitterOptionsValidator : IValidateOptions<CommitterOptions>
{
    public ValidateOptionsResult Validate(string? name, CommitterOptions options)
    {
        var failures = new List<string>();
        if (options.CommitInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add($"Committer:CommitInterval must be at least 100 ms (was {options.CommitInterval}).");
        }

        if (options.MaintenanceInterval <= TimeSpan.Zero)
        {
            failures.Add($"Committer:MaintenanceInterval must be positive (was {options.MaintenanceInterval}).");
        }

        if (options.StepTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Committer:StepTimeout must be positive (was {options.StepTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
