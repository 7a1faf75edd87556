namespace Kickstarter.Silo.Configuration;

/// <summary>
/// How silos find each other (section <c>Membership</c>). Not under <c>Orleans:</c> on purpose: Orleans reads
/// <c>Orleans:Clustering</c> itself as its own provider section (<c>Orleans:Clustering:ProviderType</c>), and a plain
/// value there stops Orleans at start. That convention works too: when <c>Orleans:Clustering:ProviderType</c> is set,
/// Orleans configures membership and these settings are not used.
/// </summary>
public sealed class MembershipOptions
{
    public const string Section = "Membership";

    /// <summary>Localhost (one silo) or Redis; default: Localhost.</summary>
    public MembershipProvider Provider { get; set; } = MembershipProvider.Localhost;

    /// <summary>Redis connection string (StackExchange.Redis syntax) when the provider is Redis; default: empty.</summary>
    public string Redis { get; set; } = "";
}
