using System.Collections.Concurrent;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Sinks;

namespace Kickstarter.IntegrationTests.Chaos;

/// <summary>
/// The real sink with a hook at the start of each commit and every commit recorded as a <see cref="SinkCommit"/>
/// (start, end, the Iceberg metadata commits it made), so the chaos test can kill the committer's silo at a named
/// point and prove afterwards that the point was hit; every operation is also reported to
/// <see cref="WarehouseWriters"/>, so the test knows when the last writer has stopped.
/// </summary>
internal sealed class ChaosJobSink(IJobSink inner, ILocalSiloDetails silo) : IJobSink
{
    private static readonly AsyncLocal<SinkCommit?> CurrentCommit = new();
    private static readonly ConcurrentQueue<SinkCommit> CommitQueue = new();

    /// <summary>Called before a prepared epoch is committed; awaiting it holds the commit.</summary>
    public static Func<SinkCommit, Task>? BeforeCommit { get; set; }

    /// <summary>The sink commit the calling code runs in (flows into the table commits and file IO), if any.</summary>
    public static SinkCommit? Current => CurrentCommit.Value;

    /// <summary>Every sink commit started on any silo of the run, in start order.</summary>
    public static IReadOnlyCollection<SinkCommit> Commits => CommitQueue;

    public static void Reset() => CommitQueue.Clear();

    public Task<PreparedEpoch> PrepareAsync(JobDefinition job, long epoch, EpochOutputs outputs, CancellationToken ct) =>
        WarehouseWriters.TrackAsync(Describe("prepare", job, epoch), () => inner.PrepareAsync(job, epoch, outputs, ct));

    public Task<PreparedEpoch> LoadAsync(JobDefinition job, PendingEpoch pending, CancellationToken ct) =>
        inner.LoadAsync(job, pending, ct);

    public Task CommitAsync(JobDefinition job, PreparedEpoch prepared, bool recovering, CancellationToken ct) =>
        WarehouseWriters.TrackAsync(Describe("commit", job, prepared.Epoch), async () =>
        {
            var commit = new SinkCommit(job.Name, prepared.Epoch, silo.SiloAddress, prepared.KafkaRecords.Count, recovering);
            CommitQueue.Enqueue(commit);
            CurrentCommit.Value = commit;
            try
            {
                if (BeforeCommit is { } hook)
                {
                    await hook(commit);
                }

                await inner.CommitAsync(job, prepared, recovering, ct);
                commit.End(succeeded: true);
            }
            catch
            {
                commit.End(succeeded: false);
                throw;
            }
        });

    public Task CleanupAsync(JobDefinition job, PreparedEpoch prepared, CancellationToken ct) =>
        WarehouseWriters.TrackAsync(Describe("cleanup", job, prepared.Epoch), () => inner.CleanupAsync(job, prepared, ct));

    public Task MaintainAsync(JobDefinition job, CancellationToken ct) =>
        WarehouseWriters.TrackAsync(Describe("maintain", job, epoch: null), () => inner.MaintainAsync(job, ct));

    private string Describe(string operation, JobDefinition job, long? epoch) =>
        $"silo {silo.SiloAddress} {operation} {job.Name}" + (epoch is { } e ? $" epoch {e}" : "");
}
