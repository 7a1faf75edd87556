namespace Kickstarter.Silo.Configuration;

/// <summary>HTTP endpoint of the stats API and the dashboard (section <c>Http</c>).</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>Port (<c>--http-port</c>); default: 8080. 0 picks a free port.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>Address to bind; default: 127.0.0.1 (loopback only). Containers set 0.0.0.0.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";
}
