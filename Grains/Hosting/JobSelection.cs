using Microsoft.Extensions.Configuration;

namespace Kickstarter.Grains.Hosting;

/// <summary>
/// The <c>Kickstarter:Jobs</c> setting: which jobs a process runs. <c>Kickstarter:Apps</c>, its old name, is read too.
/// It is a list, bound as the Silo binds it: one key per entry (<c>Kickstarter__Jobs__0</c>, <c>--jobs A,B</c> becomes
/// indexed entries); an entry may hold comma-separated names (<c>Kickstarter__Jobs__0=Consolidator,FlyerStats</c>).
/// </summary>
public static class JobSelection
{
    /// <summary>The setting.</summary>
    public const string Key = "Kickstarter:Jobs";

    /// <summary>The setting's old name, still accepted.</summary>
    public const string AliasKey = "Kickstarter:Apps";

    /// <summary>The names listed under both keys; empty when neither is set (which means every job).</summary>
    public static IReadOnlyList<string> Read(IConfiguration configuration) =>
        Split([.. Entries(configuration, Key), .. Entries(configuration, AliasKey)]);

    /// <summary>Entries split at commas, trimmed, empty ones dropped.</summary>
    public static IReadOnlyList<string> Split(IEnumerable<string> entries) =>
    [
        .. entries.SelectMany(entry =>
            entry.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
    ];

    private static List<string> Entries(IConfiguration configuration, string key) =>
        configuration.GetSection(key).Get<List<string>>() ?? [];
}
