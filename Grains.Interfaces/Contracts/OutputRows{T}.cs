namespace Kickstarter.Grains.Interfaces.Contracts;

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
