using Microsoft.Extensions.Options;

namespace Kickstarter.Silo.Configuration;

/// <summary>Checks <see cref="MembershipOptions"/>; each message names the setting, the rule and the value.</summary>
internal sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        var failures = new List<string>();
        if (options.Provider == MembershipProvider.Redis && string.IsNullOrWhiteSpace(options.Redis))
        {
            failures.Add("Membership:Redis must be set when Membership:Provider is Redis (was empty).");
        }

        return OptionsFailures.Result(failures);
    }
}
