using System.Net;
using Kickstarter.Silo.Configuration;
using Microsoft.Extensions.Configuration;

namespace Kickstarter.Silo.Hosting;

/// <summary>
/// <c>Kickstarter.Silo --health-check</c>: asks a silo running on this machine for <c>GET /health/live</c> and exits 0
/// on a 2xx answer, 1 otherwise. The container image's HEALTHCHECK runs it: the ASP.NET runtime image has no curl or
/// wget, and the silo's own binary is already there. It reads the same settings as the silo (appsettings.json,
/// environment, command line), so <c>Http__Port</c> set for the silo is the port it asks.
/// </summary>
public static class HealthCheckCommand
{
    public const string Name = "--health-check";

    /// <summary>How long to wait for the answer; a silo that cannot answer in this time counts as unhealthy.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var rest = args.Where(a => !string.Equals(a, Name, StringComparison.OrdinalIgnoreCase)).ToArray();
        HttpOptions http;
        try
        {
            var configuration = new ConfigurationBuilder()
                .SetBasePath(AppContext.BaseDirectory)
                .AddJsonFile("appsettings.json", optional: true)
                .AddEnvironmentVariables()
                .AddCommandLine(CommandLine.Normalize(rest))
                .Build();
            http = configuration.GetSection(HttpOptions.Section).Get<HttpOptions>() ?? new();
        }
        catch (Exception ex) when (ex is InvalidOperationException or StartupException)
        {
            await Console.Error.WriteLineAsync($"health check: bad configuration: {ex.Message}");
            return 1;
        }

        var url = LiveUrl(http);
        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(url);
            var healthy = response.IsSuccessStatusCode;
            Console.WriteLine($"health check: {url} answered {(int)response.StatusCode} ({(healthy ? "live" : "not live")})");
            return healthy ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Console.WriteLine($"health check: {url} did not answer: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The live probe's URL for the silo's HTTP settings: a wildcard bind address is asked on loopback.</summary>
    public static Uri LiveUrl(HttpOptions http)
    {
        var address = IPAddress.TryParse(http.BindAddress, out var parsed) ? parsed : IPAddress.Loopback;
        if (address.Equals(IPAddress.Any))
        {
            address = IPAddress.Loopback;
        }
        else if (address.Equals(IPAddress.IPv6Any))
        {
            address = IPAddress.IPv6Loopback;
        }

        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return new Uri($"http://{host}:{http.Port}/health/live");
    }
}
