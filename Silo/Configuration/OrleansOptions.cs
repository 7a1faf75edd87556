namespace Kickstarter.Silo.Configuration;

/// <summary>Orleans endpoints and identity (section <c>Orleans</c>; ClusterId and ServiceId mean what Orleans means).</summary>
public sealed class OrleansOptions
{
    public const string Section = "Orleans";

    /// <summary>Silo-to-silo port; default: 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port; default: 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Cluster id; default: kickstarter.</summary>
    public string ClusterId { get; set; } = "kickstarter";

    /// <summary>Service id (keys grain state); default: kickstarter.</summary>
    public string ServiceId { get; set; } = "kickstarter";
}
