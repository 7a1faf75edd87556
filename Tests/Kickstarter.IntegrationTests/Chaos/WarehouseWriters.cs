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
    private static readonly ConcurrentQueue<string> AfterSeal = new();
    private static readonly ConcurrentDictionary<long, string> Running = new();
    private static int _inFlight;
    private static long _started;
    private static volatile bool _sealed;

    public static int InFlight => Volatile.Read(ref _inFlight);

    public static long Started => Interlocked.Read(ref _started);

    /// <summary>Operations that started after <see cref="Seal"/>: "silo operation job epoch".</summary>
    public static IReadOnlyCollection<string> StartedAfterSeal => AfterSeal;

    /// <summary>The operations in flight now whose description starts with <paramref name="prefix"/> ("silo S ...").</summary>
    public static IReadOnlyList<string> InFlightStartingWith(string prefix) =>
        [.. Running.Values.Where(description => description.StartsWith(prefix, StringComparison.Ordinal))];

    public static void Reset()
    {
        _sealed = false;
        AfterSeal.Clear();
        Running.Clear();
    }

    /// <summary>From now on every silo is stopped: any operation that starts is a writer that outlived its silo.</summary>
    public static void Seal() => _sealed = true;

    public static async Task<T> TrackAsync<T>(string description, Func<Task<T>> operation)
    {
        var id = Begin(description);
        try
        {
            return await operation().ConfigureAwait(false);
        }
        finally
        {
            Running.TryRemove(id, out _);
            Interlocked.Decrement(ref _inFlight);
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
        Interlocked.Increment(ref _inFlight);
        var id = Interlocked.Increment(ref _started);
        Running[id] = description;
        if (_sealed)
        {
            AfterSeal.Enqueue(description);
        }

        return id;
    }
}
