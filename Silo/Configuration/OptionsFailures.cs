using Microsoft.Extensions.Options;

namespace Kickstarter.Silo.Configuration;

/// <summary>Turns the messages a validator collected into its result.</summary>
internal static class OptionsFailures
{
    public static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
