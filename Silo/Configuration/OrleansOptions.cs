namespace Kickstarter.Silo.Configuration;

/// <summary>Orleans endpoints and identity (section <c>Orleans</c>; ClusterId and ServiceId mean what Orleans means).</summary>
public sealed class OrleansOptions
{
    public const string Section = "Orleans";

    /// <summary>Silo-to-silo port; default: 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port; default: 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Address other silos and clients use to reach this one, with several silos; default: the pod's <c>POD_IP</c>
    /// (Kubernetes downward API) when set, otherwise the first address of this host's network interfaces.
    /// </summary>
    public string AdvertisedIPAddress { get; set; } = "";

    /// <summary>The advertised address in effect: the setting, else POD_IP, else null (Orleans picks).</summary>
    public string? EffectiveAdvertisedIPAddress =>
        !string.IsNullOrWhiteSpace(AdvertisedIPAddress) ? AdvertisedIPAddress
        : Environment.GetEnvironmentVariable("POD_IP") is { Length: > 0 } podIp ? podIp
        : null;

    /// <summary>Cluster id; default: kickstarter.</summary>
    public string ClusterId { get; set; } = "kickstarter";

    /// <summary>Service id (keys grain state); default: kickstarter.</summary>
    public string ServiceId { get; set; } = "kickstarter";
}
