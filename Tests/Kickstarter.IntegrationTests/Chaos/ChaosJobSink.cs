using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Sinks;

namespace Kickstarter.IntegrationTests.Chaos;

/// <summary>
/// The real sink with a hook at the start of each commit, so the chaos test can kill the committer's silo exactly
/// while a commit is in flight (the commit then carries on in the dead silo's zombie, racing its successor), and with
/// every operation reported to <see cref="WarehouseWriters"/>, so the test knows when the last writer has stopped.
/// </summary>
internal sealed class ChaosJobSink(IJobSink inner, ILocalSiloDetails silo) : IJobSink
{
    /// <summary>Called before a prepared epoch is committed, with the silo doing it.</summary>
    public static Func<string, long, SiloAddress, Task>? BeforeCommit { get; set; }

    public Task<PreparedEpoch> PrepareAsync(JobDefinition job, long epoch, EpochOutputs outputs, CancellationToken ct) =>
        WarehouseWriters.TrackAsync(Describe("prepare", job, epoch), () => inner.PrepareAsync(job, epoch, outputs, ct));

    public Task<PreparedEpoch> LoadAsync(JobDefinition job, PendingEpoch pending, CancellationToken ct) =>
        inner.LoadAsync(job, pending, ct);

    public Task CommitAsync(JobDefinition job, PreparedEpoch prepared, bool recovering, CancellationToken ct) =>
        WarehouseWriters.TrackAsync(Describe("commit", job, prepared.Epoch), async () =>
        {
            if (BeforeCommit is { } hook)
            {
                await hook(job.Name, prepared.Epoch, silo.SiloAddress);
            }

            await inner.CommitAsync(job, prepared, recovering, ct);
        });

    public Task CleanupAsync(JobDefinition job, PreparedEpoch prepared, CancellationToken ct) =>
        WarehouseWriters.TrackAsync(Describe("cleanup", job, prepared.Epoch), () => inner.CleanupAsync(job, prepared, ct));

    public Task MaintainAsync(JobDefinition job, CancellationToken ct) =>
        WarehouseWriters.TrackAsync(Describe("maintain", job, epoch: null), () => inner.MaintainAsync(job, ct));

    private string Describe(string operation, JobDefinition job, long? epoch) =>
        $"silo {silo.SiloAddress} {operation} {job.Name}" + (epoch is { } e ? $" epoch {e}" : "");
}
