namespace Kickstarter.Silo.Health;

/// <summary>Set once the host has started (Orleans joined, hosted services running); one input of readiness.</summary>
public sealed class SiloReadiness
{
    public bool IsReady { get; set; }
}
