using Microsoft.Extensions.Configuration;

namespace Kickstarter.Grains.Hosting;

/// <summary>
/// The <c>Kickstarter:Jobs</c> setting: which jobs a process runs. <c>Kickstarter:Apps</c>, its old name, is read too.
/// It is a list: one key per entry (<c>Kickstarter__Jobs__0</c>; <c>--jobs A,B</c> becomes indexed entries), or one
/// value (<c>Kickstarter__Jobs=Consolidator,FlyerStats</c>, as <c>infra/k8s</c> sets it); any entry may hold
/// comma-separated names.
/// </summary>
/// <remarks>
/// The configuration binder ignores a plain value where a list is expected, so a process given
/// <c>Kickstarter__Apps=Consolidator,FlyerStats</c> used to run every job, the Generator included: a silo joining a
/// cluster produced bookings of its own. Every reader of the setting goes through <see cref="Entries"/>.
/// </remarks>
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

    /// <summary>The entries under <paramref name="key"/>: its own value, if it has one, then its indexed children.</summary>
    public static IReadOnlyList<string> Entries(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var children = section.GetChildren().Select(child => child.Value).OfType<string>();
        return string.IsNullOrWhiteSpace(section.Value) ? [.. children] : [section.Value, .. children];
    }
}
