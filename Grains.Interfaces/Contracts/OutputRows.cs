namespace Kickstarter.Grains.Interfaces.Contracts;

/// <summary>The rows of one job output in one epoch; see <see cref="OutputRows{T}"/>.</summary>
[GenerateSerializer]
public abstract class OutputRows
{
    /// <summary>Number of rows.</summary>
    public abstract int Count { get; }

    /// <summary>An empty list of the same row type.</summary>
    public abstract OutputRows CreateEmpty();

    /// <summary>Appends every row of <paramref name="other"/>, which must hold the same row type.</summary>
    public abstract void AddRange(OutputRows other);
}

/// <summary>Rows of type <typeparamref name="T"/> for one job output.</summary>
/// <typeparam name="T">The row type.</typeparam>
[GenerateSerializer]
public sealed class OutputRows<T> : OutputRows
{
    [Id(0)] public List<Timed<T>> Rows { get; init; } = [];

    public override int Count => Rows.Count;

    public override OutputRows CreateEmpty() => new OutputRows<T>();

    public override void AddRange(OutputRows other) =>
        Rows.AddRange(other is OutputRows<T> same
            ? same.Rows
            : throw new InvalidCastException($"Rows of {other.GetType().Name} cannot join rows of {typeof(T).Name}."));
}
