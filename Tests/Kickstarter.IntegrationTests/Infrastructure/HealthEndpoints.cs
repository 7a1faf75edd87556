using System.Net;
using System.Text.Json;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>A Silo process's health endpoints, read over plain HTTP as a probe reads them.</summary>
public static class HealthEndpoints
{
    /// <summary>The status code of <c>GET /health/ready</c> and its <c>checks</c> object (one property per check).</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Checks)> ReadyAsync(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("checks").Clone());
    }
}
