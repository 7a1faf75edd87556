using Kickstarter.Connectors.DynamoDB;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Epochs;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs;
using Orleans.Streams.Core;

namespace Kickstarter.Grains.Epochs.Participant;

/// <summary>
/// What every grain of a job does in the epochs: registration with the silo's epoch participants when touched, and
/// the snapshot that persists state and outbox in one write before handing the outbox over.
/// </summary>
/// <typeparam name="TState">The grain's state, holding its replay guard and outbox.</typeparam>
public abstract class JobGrain<TState>(
    IPersistentState<TState> state,
    EpochParticipants participants,
    JobDefinition job) : Grain, IJobGrain, IStreamSubscriptionObserver
    where TState : class, new()
{
    private bool _dirty;

    protected TState State => state.State;

    /// <summary>True while the state holds outputs or pending work the committer has not yet taken for good.</summary>
    protected abstract bool OwesOutputs { get; }

    public abstract Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A grain reloaded with outputs still owed (its silo died, or it was deactivated) must be asked again.
        if (OwesOutputs)
        {
            participants.Register(job.Name, this.GetGrainId());
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Keep what was applied: the replay guard then skips the same records when they come again.
        if (_dirty)
        {
            try
            {
                await state.WriteStateAsync(cancellationToken);
                _dirty = false;
            }
            catch
            {
                // What this activation applied since its last write is gone, and the next activation's replay guard has
                // not seen it. The positions already count it as delivered, so the job must rewind before them: the
                // silo's epoch service refuses every barrier and snapshot of the job until it has. (A write that
                // landed and still failed is harmless here: the rewind's records are then skipped by the guard.)
                participants.ReportLostState(job.Name, this.GetGrainId());
                throw;
            }
        }
    }

    /// <summary>
    /// Call before applying records: the state is about to change and must be in the next snapshot (before, so that a
    /// delivery that throws halfway still leaves what it applied, and its replay guard entries, to be written).
    /// </summary>
    protected void MarkTouched()
    {
        _dirty = true;
        participants.Register(job.Name, this.GetGrainId());
    }

    /// <summary>Takes what this epoch releases from the outbox; sets <paramref name="changed"/> when the state moved.</summary>
    protected abstract EpochOutputs TakeOutputs(SnapshotRequest request, out bool changed);

    /// <summary>Hook for work that fires at the watermark (windows) before the outbox is taken.</summary>
    protected virtual bool OnWatermark(long watermarkMs) => false;

    /// <summary>The replay guard kept in the grain's state.</summary>
    protected abstract ReplayGuard Replay { get; }

    /// <summary>Epoch of the last snapshot this state answered: a second request for the same epoch hands nothing.</summary>
    protected abstract long LastSnapshotEpoch { get; set; }

    public async Task<SnapshotResult> SnapshotAsync(SnapshotRequest request)
    {
        if (request.Epoch <= LastSnapshotEpoch)
        {
            return new SnapshotResult(new EpochOutputs(), OwesOutputs);
        }

        var fired = OnWatermark(request.WatermarkMs);
        var outputs = TakeOutputs(request, out var changed);
        Replay.Advance(request.PreparedOffsets);
        if (_dirty || changed || fired)
        {
            LastSnapshotEpoch = request.Epoch;
            await WriteSnapshotAsync();
            _dirty = false;
        }

        var owes = OwesOutputs;
        if (!owes)
        {
            participants.Unregister(job.Name, this.GetGrainId());
        }

        return new SnapshotResult(outputs, owes);
    }

    public Task WakeAsync() => Task.CompletedTask;

    /// <summary>
    /// Writes the snapshot; a state the storage refuses as too large for one item becomes a
    /// <see cref="StateLimitExceededException"/> naming this grain, which stops the job (retrying could never succeed).
    /// </summary>
    private async Task WriteSnapshotAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex) when (TooLarge(ex) is { } tooLarge)
        {
            throw new StateLimitExceededException(job.Name, this.GetGrainId().ToString(), tooLarge.Message);
        }
    }

    // Orleans wraps storage errors in an OrleansException: look through the causes.
    private static GrainStateTooLargeException? TooLarge(Exception? error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is GrainStateTooLargeException tooLarge)
            {
                return tooLarge;
            }
        }

        return null;
    }
}
