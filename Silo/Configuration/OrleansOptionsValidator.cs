using System.Net;
using Microsoft.Extensions.Options;

namespace Kickstarter.Silo.Configuration;

/// <summary>Checks <see cref="OrleansOptions"/>; each message names the setting, the rule and the value.</summary>
internal sealed class OrleansOptionsValidator : IValidateOptions<OrleansOptions>
{
    public ValidateOptionsResult Validate(string? name, OrleansOptions options)
    {
        var failures = new List<string>();
        if (options.SiloPort is < 1 or > 65535)
        {
            failures.Add($"Orleans:SiloPort must be between 1 and 65535 (was {options.SiloPort}).");
        }

        if (options.GatewayPort is < 1 or > 65535)
        {
            failures.Add($"Orleans:GatewayPort must be between 1 and 65535 (was {options.GatewayPort}).");
        }

        if (options.EffectiveAdvertisedIPAddress is { } advertised && !IPAddress.TryParse(advertised, out _))
        {
            failures.Add($"Orleans:AdvertisedIPAddress (or POD_IP) must be an IP address (was '{advertised}').");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("Orleans:ClusterId must not be empty (was empty).");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add("Orleans:ServiceId must not be empty (was empty).");
        }

        return OptionsFailures.Result(failures);
    }
}
