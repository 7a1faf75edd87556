namespace Kickstarter.Grains.Interfaces.Epochs;

/// <summary>A run of consecutive epoch numbers, both ends included.</summary>
/// <param name="First">The first epoch of the run.</param>
/// <param name="Last">The last epoch of the run.</param>
[GenerateSerializer, Immutable]
public sealed record EpochRange([property: Id(0)] long First, [property: Id(1)] long Last)
{
    /// <summary>True when <paramref name="epoch"/> is in the run.</summary>
    public bool Contains(long epoch) => First <= epoch && epoch <= Last;
}
