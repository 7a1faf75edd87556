using Microsoft.Extensions.Options;

namespace Kickstarter.Grains.Epochs.Coordinator;

/// <summary>Checks <see cref="CommitterOptions"/>; each message names the setting, the rule and the value.</summary>
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
