namespace Kickstarter.Grains.Interfaces.Epochs;

/// <summary>
/// Which epochs are durable, in two numbers. An epoch is prepared once its committer has recorded its files; prepared
/// epochs always finish, abandoned ones never do, and epoch numbers are never reused. Epochs are prepared in order and
/// every started epoch is either prepared or abandoned, so every epoch between <paramref name="PreviousPrepared"/> and
/// <paramref name="LastPrepared"/> was abandoned, and every epoch above <paramref name="LastPrepared"/> is not prepared.
/// </summary>
/// <remarks>
/// The ledger stays this size however many epochs fail (it used to list every abandoned epoch, and grew forever).
/// It needs to judge only epochs from <paramref name="PreviousPrepared"/> on: a grain tags owed rows with the epoch it
/// handed them in, every grain that owes rows is snapshotted in every epoch (it stays registered, and after a failure
/// the committer wakes it), and each snapshot re-tags the rows not yet prepared. So when epoch N is snapshotted, no
/// grain holds a tag below the last prepared epoch. Epochs at or below <paramref name="PreviousPrepared"/> count as
/// prepared.
/// </remarks>
/// <param name="LastPrepared">The last prepared epoch (0: none).</param>
/// <param name="PreviousPrepared">The prepared epoch before it (0: none).</param>
[GenerateSerializer, Immutable]
public sealed record EpochLedger([property: Id(0)] long LastPrepared, [property: Id(1)] long PreviousPrepared)
{
    public static readonly EpochLedger Empty = new(0, 0);

    /// <summary>True when outputs handed in <paramref name="epoch"/> are durably on their way to the sinks.</summary>
    public bool IsPrepared(long epoch) => epoch > 0 && (epoch == LastPrepared || epoch <= PreviousPrepared);
}
