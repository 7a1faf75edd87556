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
    private static int s_inFlight;
    private static long s_started;
    private static volatile bool s_sealed;

    public static int InFlight => Volatile.Read(ref s_inFlight);

    public static long Started => Interlocked.Read(ref s_started);

    /// <summary>Operations that started after <see cref="Seal"/>: "silo operation job epoch".</summary>
    public static IReadOnlyCollection<string> StartedAfterSeal => s_afterSeal;

    public static void Reset()
    {
        s_sealed = false;
        s_afterSeal.Clear();
    }

    /// <summary>From now on every silo is stopped: any operation that starts is a writer that outlived its silo.</summary>
    public static void Seal() => s_sealed = true;

    public static async Task<T> TrackAsync<T>(string description, Func<Task<T>> operation)
    {
        Begin(description);
        try
        {
            return await operation().ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref s_inFlight);
        }
    }

    public static Task TrackAsync(string description, Func<Task> operation) =>
        TrackAsync(description, async () =>
        {
            await operation().ConfigureAwait(false);
            return true;
        });

    private static void Begin(string description)
    {
        Interlocked.Increment(ref s_inFlight);
        Interlocked.Increment(ref s_started);
        if (s_sealed)
        {
            s_afterSeal.Enqueue(description);
        }
    }
}
