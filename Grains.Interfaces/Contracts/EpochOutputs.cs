namespace Kickstarter.Grains.Interfaces.Contracts;

/// <summary>
/// What grains hand to a job's committer for one epoch: rows per job output, keyed by the output's name (its table
/// name). The job definition says which outputs exist and what each row type is.
/// </summary>
[GenerateSerializer]
public sealed class EpochOutputs
{
    [Id(0)] public Dictionary<string, OutputRows> ByOutput { get; init; } = [];

    /// <summary>Total rows over every output.</summary>
    public int Count => ByOutput.Values.Sum(rows => rows.Count);

    /// <summary>The names of the outputs that have rows.</summary>
    public IEnumerable<string> OutputNames => ByOutput.Keys;

    /// <summary>Appends <paramref name="rows"/> to the output called <paramref name="output"/>.</summary>
    public void Add<T>(string output, IEnumerable<Timed<T>> rows)
    {
        var list = rows as IReadOnlyCollection<Timed<T>> ?? [.. rows];
        if (list.Count == 0)
        {
            return; // outputs without rows stay out of the message
        }

        if (!ByOutput.TryGetValue(output, out var existing))
        {
            ByOutput[output] = existing = new OutputRows<T>();
        }

        Typed<T>(output, existing).Rows.AddRange(list);
    }

    /// <summary>The rows of one output, empty when it has none.</summary>
    public IReadOnlyList<Timed<T>> Get<T>(string output) =>
        ByOutput.TryGetValue(output, out var rows) ? Typed<T>(output, rows).Rows : [];

    /// <summary>Appends everything <paramref name="other"/> holds.</summary>
    public void Add(EpochOutputs other)
    {
        foreach (var (output, rows) in other.ByOutput)
        {
            if (!ByOutput.TryGetValue(output, out var existing))
            {
                ByOutput[output] = existing = rows.CreateEmpty();
            }

            existing.AddRange(rows);
        }
    }

    private static OutputRows<T> Typed<T>(string output, OutputRows rows) =>
        rows as OutputRows<T>
        ?? throw new InvalidCastException($"Output '{output}' holds {rows.GetType().Name}, not rows of {typeof(T).Name}.");
}
