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
