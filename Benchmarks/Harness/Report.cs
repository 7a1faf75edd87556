using System.Text;
using System.Text.Json;

namespace Kickstarter.Benchmarks.Harness;

/// <summary>What a scenario reports: the machine, the settings, tables for people and raw figures for tools.</summary>
public sealed class Report(string scenario, BenchSettings settings)
{
    public string Scenario { get; } = scenario;
    public DateTimeOffset StartedUtc { get; } = DateTimeOffset.UtcNow;
    public MachineInfo Machine { get; } = MachineInfo.Current();
    public Dictionary<string, string> Settings { get; } = settings.Describe();
    public List<ResultTable> Tables { get; } = [];

    /// <summary>Machine-readable figures (numbers, series) by name.</summary>
    public Dictionary<string, object> Figures { get; } = new(StringComparer.Ordinal);

    public List<string> Notes { get; } = [];

    public ResultTable Table(string title, params string[] columns)
    {
        var table = new ResultTable(title, columns);
        Tables.Add(table);
        return table;
    }

    /// <summary>Prints every table (Markdown, so it pastes into the docs) and writes the JSON file.</summary>
    public string Publish(string? path)
    {
        var text = new StringBuilder();
        text.AppendLine().AppendLine($"## {Scenario} — {StartedUtc:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine($"Machine: {Machine}");
        text.AppendLine($"Settings: {string.Join(", ", Settings.Select(kv => $"{kv.Key}={kv.Value}"))}");
        foreach (var table in Tables)
        {
            text.AppendLine().AppendLine($"### {table.Title}").AppendLine();
            text.AppendLine("| " + string.Join(" | ", table.Columns) + " |");
            text.AppendLine("|" + string.Concat(table.Columns.Select(_ => " --- |")));
            foreach (var row in table.Rows)
            {
                text.AppendLine("| " + string.Join(" | ", row) + " |");
            }
        }

        foreach (var note in Notes)
        {
            text.AppendLine().Append("Note: ").AppendLine(note);
        }

        Console.WriteLine(text.ToString());
        path ??= Path.Combine("benchmark-results", $"{Scenario}-{StartedUtc:yyyyMMdd-HHmmss}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions));
        Console.WriteLine($"JSON written to {Path.GetFullPath(path)}");
        return path;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Percentiles of an empty sample are NaN (e.g. no result visible while generating): write them, do not crash.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
