using System.Net;
using Microsoft.Extensions.Options;

namespace Kickstarter.Silo.Configuration;

/// <summary>Checks <see cref="HttpOptions"/>; each message names the setting, the rule and the value.</summary>
internal sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"Http:Port (--http-port) must be between 0 and 65535 (was {options.Port}).");
        }

        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add($"Http:BindAddress must be an IP address (was '{options.BindAddress}').");
        }

        return OptionsFailures.Result(failures);
    }
}
