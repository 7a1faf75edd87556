using System.Globalization;
using System.Text.RegularExpressions;

namespace Kickstarter.IntegrationTests.Operations;

/// <summary>
/// The environment infra/terraform/aws-ecs gives the silo container, read from the HCL itself: the
/// <c>silo_environment</c> local's map, each value evaluated with the module's variable defaults. Expressions that
/// name an AWS endpoint (or a resource only AWS knows) are answered by <c>endpoints</c>, keyed by the expression as
/// written; an expression neither a literal, a default nor an endpoint fails the read, so a new setting in the task
/// definition cannot slip past the test that starts a silo with it.
/// </summary>
public static partial class EcsTaskEnvironment
{
    public static Dictionary<string, string> Read(string moduleDirectory, IReadOnlyDictionary<string, string> endpoints)
    {
        var ecs = File.ReadAllText(Path.Combine(moduleDirectory, "ecs.tf"));
        var defaults = VariableDefaults(File.ReadAllText(Path.Combine(moduleDirectory, "variables.tf")));
        var start = ecs.IndexOf("silo_environment = merge(", StringComparison.Ordinal);
        var open = ecs.IndexOf('{', start);
        var close = ecs.IndexOf("}, var.extra_environment)", open, StringComparison.Ordinal);
        if (start < 0 || open < 0 || close < 0)
        {
            throw new InvalidOperationException("ecs.tf has no `silo_environment = merge(..., { ... }, var.extra_environment)`.");
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match entry in Entry().Matches(ecs[(open + 1)..close]))
        {
            var key = entry.Groups["key"].Value.Trim('"');
            environment[key] = Evaluate(entry.Groups["value"].Value.Trim(), ecs, defaults, endpoints);
        }

        // The list of jobs: Kickstarter__Jobs__<i> from var.apps, as the apps_environment local makes it.
        if (!ecs.Contains("\"Kickstarter__Jobs__${i}\" => app", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("ecs.tf no longer makes Kickstarter__Jobs__<i> from var.apps; update EcsTaskEnvironment.");
        }

        var apps = ListItem().Matches(defaults["apps"]).Select(m => m.Groups[1].Value).ToList();
        for (var i = 0; i < apps.Count; i++)
        {
            environment[$"Kickstarter__Jobs__{i}"] = apps[i];
        }

        return environment;
    }

    /// <summary>The container's <c>stopTimeout</c> with the module's defaults.</summary>
    public static int StopTimeoutSeconds(string moduleDirectory)
    {
        var ecs = File.ReadAllText(Path.Combine(moduleDirectory, "ecs.tf"));
        var defaults = VariableDefaults(File.ReadAllText(Path.Combine(moduleDirectory, "variables.tf")));
        var expression = StopTimeout().Match(ecs).Groups[1].Value.Trim();
        return int.Parse(Evaluate(expression, ecs, defaults, new Dictionary<string, string>()), CultureInfo.InvariantCulture);
    }

    private static string Evaluate(string expression, string ecs, Dictionary<string, string> defaults, IReadOnlyDictionary<string, string> endpoints)
    {
        if (endpoints.TryGetValue(expression, out var endpoint))
        {
            return endpoint;
        }

        if (Literal().Match(expression) is { Success: true } literal && !literal.Groups[1].Value.Contains("${", StringComparison.Ordinal))
        {
            return literal.Groups[1].Value;
        }

        if (ToStringCall().Match(expression) is { Success: true } toString)
        {
            return Evaluate(toString.Groups[1].Value, ecs, defaults, endpoints);
        }

        if (Variable().Match(expression) is { Success: true } variable && defaults.TryGetValue(variable.Groups[1].Value, out var value))
        {
            return value.Trim('"');
        }

        if (Interpolated().Match(expression) is { Success: true } interpolated)
        {
            return Interpolation().Replace(interpolated.Groups[1].Value, m => Evaluate(m.Groups[1].Value, ecs, defaults, endpoints));
        }

        if (Local().Match(expression) is { Success: true } local
            && new Regex(@"^\s*" + Regex.Escape(local.Groups[1].Value) + @"\s*=\s*(.+?)\s*$", RegexOptions.Multiline)
                .Match(ecs) is { Success: true } definition)
        {
            var body = definition.Groups[1].Value;
            if (Subtraction().Match(body) is { Success: true } minus)
            {
                var left = int.Parse(Evaluate(minus.Groups[1].Value, ecs, defaults, endpoints), CultureInfo.InvariantCulture);
                return (left - int.Parse(minus.Groups[2].Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
            }

            return Evaluate(body, ecs, defaults, endpoints);
        }

        throw new InvalidOperationException(
            $"ecs.tf: the silo environment's value `{expression}` is neither a literal, a variable default nor a replaced endpoint.");
    }

    private static Dictionary<string, string> VariableDefaults(string variables)
    {
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match variable in VariableBlock().Matches(variables))
        {
            if (DefaultLine().Match(variable.Groups["body"].Value) is { Success: true } value)
            {
                defaults[variable.Groups["name"].Value] = value.Groups[1].Value.Trim();
            }
        }

        return defaults;
    }

    [GeneratedRegex(@"^\s*(?<key>""[^""]+""|[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?<value>.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex Entry();

    [GeneratedRegex(@"^""(.*)""$")]
    private static partial Regex Literal();

    [GeneratedRegex(@"^""(.*\$\{.*)""$")]
    private static partial Regex Interpolated();

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex Interpolation();

    [GeneratedRegex(@"^tostring\((.+)\)$")]
    private static partial Regex ToStringCall();

    [GeneratedRegex(@"^var\.([a-z0-9_]+)$")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^local\.([a-z0-9_]+)$")]
    private static partial Regex Local();

    [GeneratedRegex(@"^(.+?)\s*-\s*(\d+)$")]
    private static partial Regex Subtraction();

    [GeneratedRegex(@"variable ""(?<name>[a-z0-9_]+)"" \{(?<body>.*?)\n\}", RegexOptions.Singleline)]
    private static partial Regex VariableBlock();

    [GeneratedRegex(@"^\s*default\s*=\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex DefaultLine();

    [GeneratedRegex(@"""([^""]*)""")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"stopTimeout\s*=\s*(.+)")]
    private static partial Regex StopTimeout();
}
