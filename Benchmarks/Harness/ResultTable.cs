namespace Kickstarter.Benchmarks.Harness;

/// <summary>One table of a report: a title, column names and rows of already formatted cells.</summary>
public sealed record ResultTable(string Title, IReadOnlyList<string> Columns, List<IReadOnlyList<string>> Rows)
{
    public ResultTable(string title, params string[] columns) : this(title, columns, []) { }

    public ResultTable Add(params object[] cells)
    {
        Rows.Add([.. cells.Select(Format)]);
        return this;
    }

    private static string Format(object cell) => cell switch
    {
        double d => d.ToString(Math.Abs(d) >= 100 ? "N0" : "N2", System.Globalization.CultureInfo.InvariantCulture),
        long l => l.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        int i => i.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
