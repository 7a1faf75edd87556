namespace Kickstarter.Silo.Health;

/// <summary>
/// Set once the host has started (Orleans joined, hosted services running) and cleared when it begins to stop (the
/// silo then hands its jobs over): one input of the cluster readiness check, written by the job supervisor and read
/// by probes on other threads.
/// </summary>
public sealed class SiloReadiness
{
    private volatile bool _ready;

    public bool IsReady
    {
        get => _ready;
        set => _ready = value;
    }
}
