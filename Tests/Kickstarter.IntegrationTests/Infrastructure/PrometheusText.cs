using System.Globalization;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>Reads Prometheus' text exposition format: one sample a line, <c>name{labels} value</c>.</summary>
public static class PrometheusText
{
    /// <summary>The names of every sample in the scrape.</summary>
    public static HashSet<string> Names(string scrape) =>
        [.. Samples(scrape).Select(sample => sample.Name)];

    /// <summary>The sum of every series of <paramref name="name"/> (0 when there is none).</summary>
    public static double Sum(string scrape, string name) =>
        Samples(scrape).Where(sample => sample.Name == name).Sum(sample => sample.Value);

    /// <summary>The label sets of <paramref name="name"/>'s series, as written (<c>{a="1",b="2"}</c>).</summary>
    public static List<string> Labels(string scrape, string name) =>
        [.. Samples(scrape).Where(sample => sample.Name == name).Select(sample => sample.Labels)];

    private static IEnumerable<(string Name, string Labels, double Value)> Samples(string scrape)
    {
        foreach (var line in scrape.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{');
            var space = line.LastIndexOf(' ');
            if (space <= 0)
            {
                continue;
            }

            var nameEnd = brace > 0 && brace < space ? brace : line.IndexOf(' ');
            var labels = brace > 0 && brace < space ? line[brace..(line.LastIndexOf('}') + 1)] : "";
            var text = line[(space + 1)..].Trim();
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                yield return (line[..nameEnd], labels, value);
            }
        }
    }
}
