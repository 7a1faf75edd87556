using System.Collections.Concurrent;

namespace Kickstarter.IntegrationTests.Chaos;

/// <summary>
/// Every warehouse write of the chaos run goes through <see cref="ChaosJobSink"/>, which reports here: how many sink
/// operations are in flight on any silo (killed silos included: a commit held across a kill goes on in the zombie),
/// how many were ever started, and which began after <see cref="Seal"/>, when every silo had stopped. The test waits
/// for <see cref="InFlight"/> to reach zero before it reads the tables, and fails if anything starts after the seal.
/// </summary>
internal static class WarehouseWriters
{
    private static readonly ConcurrentQueue<string> s_afterSeal = new();
    private static readonly ConcurrentDictionary<long, string> s_running = new();
    private static int s_inFlight;
    private static long s_started;
    private static volatile bool s_sealed;

    public static int InFlight => Volatile.Read(ref s_inFlight);

    public static long Started => Interlocked.Read(ref s_started);

    /// <summary>Operations that started after <see cref="Seal"/>: "silo operation job epoch".</summary>
    public static IReadOnlyCollection<string> StartedAfterSeal => s_afterSeal;

    /// <summary>The operations in flight now whose description starts with <paramref name="prefix"/> ("silo S ...").</summary>
    public static IReadOnlyList<string> InFlightStartingWith(string prefix) =>
        [.. s_running.Values.Where(description => description.StartsWith(prefix, StringComparison.Ordinal))];

    public static void Reset()
    {
        s_sealed = false;
        s_afterSeal.Clear();
        s_running.Clear();
    }

    /// <summary>From now on every silo is stopped: any operation that starts is a writer that outlived its silo.</summary>
    public static void Seal() => s_sealed = true;

    public static async Task<T> TrackAsync<T>(string description, Func<Task<T>> operation)
    {
        var id = Begin(description);
        try
        {
            return await operation().ConfigureAwait(false);
        }
        finally
        {
            s_running.TryRemove(id, out _);
            Interlocked.Decrement(ref s_inFlight);
        }
    }

    public static Task TrackAsync(string description, Func<Task> operation) =>
        TrackAsync(description, async () =>
        {
            await operation().ConfigureAwait(false);
            return true;
        });

    private static long Begin(string description)
    {
        Interlocked.Increment(ref s_inFlight);
        var id = Interlocked.Increment(ref s_started);
        s_running[id] = description;
        if (s_sealed)
        {
            s_afterSeal.Enqueue(description);
        }

        return id;
    }
}
