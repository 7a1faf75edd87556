namespace Kickstarter.Grains.Interfaces.Epochs;

/// <summary>
/// Which epochs are durable. An epoch is prepared once its committer has recorded its files; prepared epochs always
/// finish, abandoned ones never do, and epoch numbers are never reused.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EpochLedger([property: Id(0)] long LastPrepared, [property: Id(1)] long[] Abandoned)
{
    public static readonly EpochLedger Empty = new(0, []);

    /// <summary>True when outputs handed in <paramref name="epoch"/> are durably on their way to the sinks.</summary>
    public bool IsPrepared(long epoch) => epoch > 0 && epoch <= LastPrepared && Array.IndexOf(Abandoned, epoch) < 0;
}
