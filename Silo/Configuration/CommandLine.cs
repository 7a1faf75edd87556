using System.Globalization;
using System.Text.RegularExpressions;

namespace Kickstarter.Silo.Configuration;

/// <summary>
/// The silo's own switches (<c>--duration 30s</c>, <c>--warehouse PATH</c>, <c>--http-port N</c>) turned into ordinary
/// configuration keys; every other setting is passed as <c>--Section:Key=value</c>.
/// </summary>
public static partial class CommandLine
{
    private static readonly Dictionary<string, string> Switches = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--duration"] = "Kickstarter:Duration",
        ["--warehouse"] = "Iceberg:Warehouse",
        ["--http-port"] = "Http:Port",
        ["--jobs"] = "Kickstarter:Jobs",
        ["--apps"] = "Kickstarter:Apps", // the old name of --jobs
        ["--service-account-user"] = "Aws:ServiceAccountUser",
    };

    /// <summary>True when the arguments ask for the usage text (<c>--help</c>, <c>-h</c> or <c>-?</c>, anywhere).</summary>
    public static bool AsksForHelp(IEnumerable<string> args) =>
        args.Any(a => a is "-h" or "-?" || string.Equals(a, "--help", StringComparison.OrdinalIgnoreCase));

    /// <summary>Rewrites the short switches into <c>--Key=value</c> arguments.</summary>
    public static string[] Normalize(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var (name, value) = SplitInline(arg);
            if (!Switches.TryGetValue(name, out var key))
            {
                result.Add(arg);
                continue;
            }

            if (value is null)
            {
                if (i + 1 >= args.Length)
                {
                    throw new StartupException($"{name} needs a value (setting {key}).");
                }

                value = args[++i];
            }

            if (key == "Kickstarter:Duration")
            {
                value = ParseDuration(value).ToString("c", CultureInfo.InvariantCulture);
            }

            if (key is "Kickstarter:Jobs" or "Kickstarter:Apps")
            {
                var jobs = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                result.AddRange(jobs.Select((job, index) => $"--{key}:{index}={job}"));
                continue;
            }

            result.Add($"--{key}={value}");
        }

        return [.. result];
    }

    /// <summary>Parses "30s", "5m", "1h", "250ms" or a TimeSpan ("00:00:30").</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var match = DurationPattern().Match(text.Trim());
        if (match.Success)
        {
            var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var duration = match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.Zero,
            };
            if (duration > TimeSpan.Zero)
            {
                return duration;
            }
        }
        else if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        throw new StartupException($"Kickstarter:Duration (--duration) must be a positive duration such as 30s, 5m or 1h (was '{text}').");
    }

    private static (string Name, string? Value) SplitInline(string arg)
    {
        var eq = arg.IndexOf('=');
        return eq < 0 ? (arg, null) : (arg[..eq], arg[(eq + 1)..]);
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$")]
    private static partial Regex DurationPattern();
}
