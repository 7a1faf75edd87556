using Microsoft.Extensions.Options;

namespace Kickstarter.Silo.Configuration;

/// <summary>Checks <see cref="KickstarterOptions"/>; each message names the setting, the rule and the value.</summary>
internal sealed class KickstarterOptionsValidator : IValidateOptions<KickstarterOptions>
{
    public ValidateOptionsResult Validate(string? name, KickstarterOptions options)
    {
        var failures = new List<string>();
        var unknown = options.EffectiveJobs.Where(job => !JobNames.All.Contains(job, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            failures.Add($"Kickstarter:Jobs (old name Kickstarter:Apps) has unknown job(s) " +
                $"{string.Join(", ", unknown.Select(job => $"'{job}'"))}; known: {string.Join(", ", JobNames.All)}.");
        }

        if (options.Duration is { } duration && duration <= TimeSpan.Zero)
        {
            failures.Add($"Kickstarter:Duration must be positive (was {duration}).");
        }

        return OptionsFailures.Result(failures);
    }
}
