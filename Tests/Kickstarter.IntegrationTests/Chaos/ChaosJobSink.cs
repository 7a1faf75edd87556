using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Sinks;

namespace Kickstarter.IntegrationTests.Chaos;

/// <summary>
/// The real sink with a hook at the start of each commit, so the chaos test can kill the committer's silo exactly
/// while a commit is in flight. The commit then carries on in the dead silo's zombie, racing its successor.
/// </summary>
internal sealed class ChaosJobSink(IJobSink inner, ILocalSiloDetails silo) : IJobSink
{
    /// <summary>Called before a prepared epoch is committed, with the silo doing it.</summary>
    public static Func<string, long, SiloAddress, Task>? BeforeCommit { get; set; }

    public Task<PreparedEpoch> PrepareAsync(JobDefinition job, long epoch, EpochOutputs outputs, CancellationToken ct) =>
        inner.PrepareAsync(job, epoch, outputs, ct);

    public Task<PreparedEpoch> LoadAsync(JobDefinition job, PendingEpoch pending, CancellationToken ct) =>
        inner.LoadAsync(job, pending, ct);

    public async Task CommitAsync(JobDefinition job, PreparedEpoch prepared, bool recovering, CancellationToken ct)
    {
        if (BeforeCommit is { } hook)
        {
            await hook(job.Name, prepared.Epoch, silo.SiloAddress);
        }

        await inner.CommitAsync(job, prepared, recovering, ct);
    }

    public Task CleanupAsync(JobDefinition job, PreparedEpoch prepared, CancellationToken ct) =>
        inner.CleanupAsync(job, prepared, ct);

    public Task MaintainAsync(JobDefinition job, CancellationToken ct) => inner.MaintainAsync(job, ct);
}
