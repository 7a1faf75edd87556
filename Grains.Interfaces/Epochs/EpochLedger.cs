namespace Kickstarter.Grains.Interfaces.Epochs;

/// <summary>
/// Which epochs are durable, in two numbers. An epoch is prepared once its committer has recorded its files; prepared
/// epochs always finish, abandoned ones never do, and epoch numbers are never reused. Epochs are prepared in order and
/// every started epoch is either prepared or abandoned, so every epoch between <paramref name="PreviousPrepared"/> and
/// <paramref name="LastPrepared"/> was abandoned, and every epoch above <paramref name="LastPrepared"/> is not prepared.
/// </summary>
/// <remarks>
/// The ledger stays this size however many epochs fail (it used to list every abandoned epoch, and grew forever).
/// A grain tags owed rows with the epoch it handed them in, and each snapshot re-tags the rows not yet prepared. A grain
/// that owes rows stays registered and is snapshotted in every epoch, so it holds no tag below the last prepared
/// epoch, except one whose stored snapshot is ahead of a rewind: its silo died after it stored its snapshot of an
/// epoch that was then abandoned, and it owed nothing at the last prepared epoch, so the committer does not wake it
/// (the owing registry is the last prepared epoch's). It comes back when the replay delivers again the records it
/// applied beyond the rewind positions, which can take several epochs (its receiver may not even have started), and
/// until then its tags must still read as abandoned, or its rows would be forgotten unsent. So the gaps that fall below
/// <paramref name="PreviousPrepared"/> are kept too, the last <see cref="MaxEarlierAbandoned"/> of them
/// (<see cref="EarlierAbandoned"/>): that many more failures before one replay catches up is what it would take to
/// misjudge a tag. Other epochs at or below <paramref name="PreviousPrepared"/> count as prepared.
/// </remarks>
/// <param name="LastPrepared">The last prepared epoch (0: none).</param>
/// <param name="PreviousPrepared">The prepared epoch before it (0: none).</param>
[GenerateSerializer, Immutable]
public sealed record EpochLedger([property: Id(0)] long LastPrepared, [property: Id(1)] long PreviousPrepared)
{
    /// <summary>How many abandoned runs below <see cref="PreviousPrepared"/> the ledger remembers.</summary>
    public const int MaxEarlierAbandoned = 32;

    public static readonly EpochLedger Empty = new(0, 0);

    /// <summary>
    /// The last runs of abandoned epochs below <see cref="PreviousPrepared"/>, oldest first, at most
    /// <see cref="MaxEarlierAbandoned"/>.
    /// </summary>
    [Id(2)]
    public IReadOnlyList<EpochRange> EarlierAbandoned { get; init; } = [];

    /// <summary>True when outputs handed in <paramref name="epoch"/> are durably on their way to the sinks.</summary>
    public bool IsPrepared(long epoch) =>
        epoch > 0 && (epoch == LastPrepared || (epoch <= PreviousPrepared && !EarlierAbandoned.Any(run => run.Contains(epoch))));

    /// <summary>
    /// The runs to keep once <paramref name="nextPrepared"/> is prepared: the gap between the two prepared epochs now
    /// falls below the new <see cref="PreviousPrepared"/> and joins <see cref="EarlierAbandoned"/> (the oldest go).
    /// </summary>
    public List<EpochRange> EarlierAbandonedAfter(long nextPrepared)
    {
        var runs = new List<EpochRange>(EarlierAbandoned);
        if (LastPrepared > PreviousPrepared + 1 && nextPrepared > LastPrepared)
        {
            runs.Add(new EpochRange(PreviousPrepared + 1, LastPrepared - 1));
        }

        return runs.Count > MaxEarlierAbandoned ? runs[^MaxEarlierAbandoned..] : runs;
    }
}
