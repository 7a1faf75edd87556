using Kickstarter.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace Kickstarter.Silo.Generator;

/// <summary>Checks <see cref="GeneratorOptions"/>; each message names the setting, the rule and the value.</summary>
internal sealed class GeneratorOptionsValidator : IValidateOptions<GeneratorOptions>
{
    public ValidateOptionsResult Validate(string? name, GeneratorOptions options)
    {
        var failures = new List<string>();
        if (!(options.RatePerSecond > 0) || double.IsInfinity(options.RatePerSecond))
        {
            failures.Add($"Generator:RatePerSecond must be a positive number (was {options.RatePerSecond}).");
        }

        if (options.FlyerPoolSize < 1)
        {
            failures.Add($"Generator:FlyerPoolSize must be at least 1 (was {options.FlyerPoolSize}).");
        }

        if (options.Count is < 1)
        {
            failures.Add($"Generator:Count must be at least 1 when set (was {options.Count}).");
        }

        return OptionsFailures.Result(failures);
    }
}
