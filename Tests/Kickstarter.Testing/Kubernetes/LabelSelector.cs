namespace Kickstarter.Testing.Kubernetes;

/// <summary>
/// The equality-based label selectors of the Kubernetes API ("Labels and Selectors": comma-separated requirements
/// <c>key=value</c>, <c>key==value</c>, <c>key!=value</c>, and the existence forms <c>key</c> and <c>!key</c>, all of
/// which must hold). Set-based requirements (<c>in</c>, <c>notin</c>) are refused rather than misread.
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements;

    private LabelSelector(List<Func<IReadOnlyDictionary<string, string>, bool>> requirements) => _requirements = requirements;

    /// <summary>Parses <paramref name="text"/>; null or empty selects everything. Null when it cannot be parsed.</summary>
    public static LabelSelector? Parse(string? text)
    {
        var requirements = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return new LabelSelector(requirements);
        }

        foreach (var raw in text.Split(','))
        {
            var requirement = raw.Trim();
            if (requirement.Length == 0 || requirement.Contains(' ', StringComparison.Ordinal)
                || requirement.Contains('(', StringComparison.Ordinal))
            {
                return null; // set-based or malformed: this stand-in does not implement it
            }

            if (requirement.Split("!=") is [var notKey, var notValue])
            {
                requirements.Add(labels => !labels.TryGetValue(notKey, out var value) || value != notValue);
            }
            else if (requirement.Split("==") is [var eqKey, var eqValue])
            {
                requirements.Add(labels => labels.TryGetValue(eqKey, out var value) && value == eqValue);
            }
            else if (requirement.Split('=') is [var key, var expected])
            {
                requirements.Add(labels => labels.TryGetValue(key, out var value) && value == expected);
            }
            else if (requirement.StartsWith('!'))
            {
                var absent = requirement[1..];
                requirements.Add(labels => !labels.ContainsKey(absent));
            }
            else
            {
                requirements.Add(labels => labels.ContainsKey(requirement));
            }
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.TrueForAll(requirement => requirement(labels));
}
