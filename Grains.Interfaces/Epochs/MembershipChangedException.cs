namespace Kickstarter.Grains.Interfaces.Epochs;

/// <summary>
/// An epoch was abandoned because cluster membership changed between its barrier and its prepare: the silos paused
/// and snapshotted are no longer the cluster. The job rewinds and the next epoch takes the new view. An
/// <see cref="OrleansException"/>: like a silo that died mid-call, it is a passing condition a caller retries.
/// </summary>
[GenerateSerializer]
public sealed class MembershipChangedException : OrleansException
{
    public MembershipChangedException(string job, long epoch, long versionAtBarrier, long versionNow)
        : base($"Epoch {epoch} of job {job} abandoned: membership version {versionAtBarrier} at the barrier, {versionNow} at prepare")
    {
        Job = job;
        Epoch = epoch;
    }

    /// <summary>The job whose epoch was abandoned.</summary>
    [Id(0)] public string Job { get; init; }

    /// <summary>The abandoned epoch.</summary>
    [Id(1)] public long Epoch { get; init; }
}
