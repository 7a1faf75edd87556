namespace Kickstarter.Silo.Configuration;

/// <summary>Values of <c>Membership:Provider</c>.</summary>
public enum MembershipProvider
{
    /// <summary>One silo on this host, no membership table (the embedded default).</summary>
    Localhost,

    /// <summary>Orleans' Redis membership table (<c>Membership:Redis</c> holds the connection string).</summary>
    Redis,
}
