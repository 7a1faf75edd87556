using System.Text.Json;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>What a Silo process's <c>GET /committers</c> says, read over plain HTTP.</summary>
public static class CommitterStatuses
{
    /// <summary>The rows <paramref name="job"/>'s committers have committed, or -1 while the silo does not listen yet.</summary>
    public static async Task<long> RowsCommittedAsync(HttpClient http, string job)
    {
        try
        {
            using var statuses = JsonDocument.Parse(await http.GetStringAsync("/committers"));
            return statuses.RootElement.EnumerateArray()
                .Where(status => status.GetProperty("job").GetString() == job)
                .Sum(status => status.GetProperty("rowsCommitted").GetInt64());
        }
        catch (HttpRequestException)
        {
            return -1;
        }
    }
}
