namespace Kickstarter.WedgeHook;

/// <summary>
/// How a test drives <c>StartupHook</c> (the hook itself must be named so, in the global namespace, where other
/// assemblies have one too): the environment variable that arms it and the files through which the test and the hook
/// talk (the wedged thread pool cannot carry a release).
/// </summary>
public static class ThreadPoolWedge
{
    /// <summary>Names the folder of the files below; unset, the hook does nothing.</summary>
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

    /// <summary>The hook's assembly, for <c>DOTNET_STARTUP_HOOKS</c>.</summary>
    public static string AssemblyPath => typeof(ThreadPoolWedge).Assembly.Location;
}
