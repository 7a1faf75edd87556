using Kickstarter.WedgeHook;

#pragma warning disable CA1050 // The runtime looks for a startup hook by this exact name, in the global namespace.

/// <summary>
/// A .NET startup hook (<c>DOTNET_STARTUP_HOOKS</c>, a documented runtime feature) that
/// <c>Kickstarter.IntegrationTests.Operations.LivenessProcessTests</c> loads into a real Silo process to wedge it as a
/// deadlocked library would: on request it fills the thread pool's queue with work items that block until released.
/// Nothing in the silo knows about it: the runtime calls <see cref="Initialize"/> before the silo's Main, and it does
/// nothing unless <see cref="ThreadPoolWedge.DirectoryVariable"/> is set.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var directory = Environment.GetEnvironmentVariable(ThreadPoolWedge.DirectoryVariable);
        if (!string.IsNullOrEmpty(directory))
        {
            // A thread of its own: it must keep running while the pool is wedged.
            new Thread(() => Run(directory)) { IsBackground = true, Name = "test thread-pool wedge" }.Start();
        }
    }

    private static void Run(string directory)
    {
        WaitFor(Path.Combine(directory, ThreadPoolWedge.WedgeFile));
        // Never disposed: blocked items may still be returning from Wait when this thread would dispose it.
        var release = new ManualResetEventSlim();
        for (var i = 0; i < ThreadPoolWedge.Blockers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static gate => gate.Wait(), release, preferLocal: false);
        }

        File.WriteAllText(Path.Combine(directory, ThreadPoolWedge.WedgedFile), "");
        WaitFor(Path.Combine(directory, ThreadPoolWedge.ReleaseFile));
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
