#pragma warning disable CA1050 // The runtime looks for a startup hook by this exact name, in the global namespace.

/// <summary>
/// A .NET startup hook (<c>DOTNET_STARTUP_HOOKS</c>, a documented runtime feature) that
/// <c>Kickstarter.IntegrationTests.Operations.LivenessProcessTests</c> loads into a real Silo process to wedge it as a
/// deadlocked library would: on request it fills the thread pool's queue with work items that block until released.
/// Nothing in the silo knows about it: the runtime calls <see cref="Initialize"/> before the silo's Main, and it does
/// nothing unless <see cref="DirectoryVariable"/> is set.
/// </summary>
internal static class StartupHook
{
    /// <summary>Names the folder through which the test and the hook talk, by files (the pool cannot carry the release).</summary>
    public const string DirectoryVariable = "KICKSTARTER_TEST_WEDGE_DIR";

    /// <summary>The test creates it: wedge the pool now.</summary>
    public const string WedgeFile = "wedge";

    /// <summary>The hook creates it once every blocking work item is queued.</summary>
    public const string WedgedFile = "wedged";

    /// <summary>The test creates it: let the blocked work items return.</summary>
    public const string ReleaseFile = "release";

    /// <summary>
    /// Blocking work items queued at once. The pool adds about two threads a second while starved, each taking the next
    /// item in the queue: these keep every request and timer queued behind them waiting for many minutes.
    /// </summary>
    public const int Blockers = 2000;

    public static void Initialize()
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(directory))
        {
            // A thread of its own: it must keep running while the pool is wedged.
            new Thread(() => Run(directory)) { IsBackground = true, Name = "test thread-pool wedge" }.Start();
        }
    }

    private static void Run(string directory)
    {
        WaitFor(Path.Combine(directory, WedgeFile));
        // Never disposed: blocked items may still be returning from Wait when this thread would dispose it.
        var release = new ManualResetEventSlim();
        for (var i = 0; i < Blockers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static gate => gate.Wait(), release, preferLocal: false);
        }

        File.WriteAllText(Path.Combine(directory, WedgedFile), "");
        WaitFor(Path.Combine(directory, ReleaseFile));
        release.Set();
    }

    private static void WaitFor(string file)
    {
        // Polling on this dedicated thread: a FileSystemWatcher raises its events on the (wedged) thread pool.
        while (!File.Exists(file))
        {
            Thread.Sleep(20);
        }
    }
}
