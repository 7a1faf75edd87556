namespace Kickstarter.Silo.Health;

/// <summary>Tags that sort the health checks into the two probes.</summary>
public static class HealthTags
{
    /// <summary>Checks of <c>/health/live</c>: the process is not wedged (a failed probe restarts it).</summary>
    public const string Live = "live";

    /// <summary>Checks of <c>/health/ready</c>: the silo does its share of the work (a failed probe takes it out of service).</summary>
    public const string Ready = "ready";
}
