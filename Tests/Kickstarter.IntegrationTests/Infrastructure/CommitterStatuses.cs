using System.Text.Json;
using Kickstarter.Testing;

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

    /// <summary>Each job's last completed epoch, as <c>GET /committers</c> reports it.</summary>
    public static async Task<Dictionary<string, long>> CompletedEpochsAsync(HttpClient http)
    {
        using var statuses = JsonDocument.Parse(await http.GetStringAsync("/committers"));
        return statuses.RootElement.EnumerateArray()
            .ToDictionary(status => status.GetProperty("job").GetString()!, status => status.GetProperty("lastCompletedEpoch").GetInt64());
    }

    /// <summary>
    /// Waits until the silo answers (up to a minute), then until <paramref name="job"/> has committed more than
    /// <paramref name="more"/> rows beyond what it had then (up to 90 s); returns the rows committed by then.
    /// </summary>
    public static async Task<long> WaitForMoreRowsAsync(HttpClient http, string job, long more, string run)
    {
        long before = -1;
        await Eventually.Until(async () => (before = await RowsCommittedAsync(http, job)) >= 0, TimeSpan.FromSeconds(60),
            $"{run} answers HTTP");
        var now = before;
        await Eventually.Until(async () => (now = await RowsCommittedAsync(http, job)) > before + more, TimeSpan.FromSeconds(90),
            $"{run} commits rows");
        return now;
    }
}
