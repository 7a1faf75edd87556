using Kickstarter.Connectors.DynamoDB;
using Kickstarter.Grains.Diagnostics;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Epochs;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs;
using Orleans.Storage;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Kickstarter.Grains.Epochs.Participant;

/// <summary>
/// What every grain of a job does in the epochs: delivery of its source records through the replay guard, registration
/// with the silo's epoch participants when touched, and the snapshot that persists state and outbox in one write
/// before handing the outbox over. A job grain supplies what one record does to its state (<see cref="Apply"/>).
/// </summary>
/// <typeparam name="TState">The grain's state, holding its replay guard and outbox.</typeparam>
/// <typeparam name="TRecord">The event the job's deserializer hands its grains.</typeparam>
public abstract class JobGrain<TState, TRecord>(
    IPersistentState<TState> state,
    EpochParticipants participants,
    JobDefinition job) : Grain, IJobGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<TRecord>
    where TState : class, new()
    where TRecord : ISourcedRecord
{
    private bool _dirty;

    protected TState State => state.State;

    /// <summary>True while the state holds outputs or pending work the committer has not yet taken for good.</summary>
    protected abstract bool OwesOutputs { get; }

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<TRecord>().ResumeAsync(this);

    /// <summary>
    /// One delivery (the records of one key from one fetch): counted and traced, each record applied once whatever
    /// the redeliveries (the replay guard drops what this state already holds). The grain is marked touched first, so a
    /// delivery that throws halfway still leaves what it applied to be written.
    /// </summary>
    public Task OnNextAsync(IList<SequentialItem<TRecord>> items)
    {
        // The concrete grain's name labels metrics and spans ("FlightGrain"), as dashboards and alerts expect.
        var grainType = GetType().Name;
        PipelineMetrics.Delivered(grainType);
        using var activity = PipelineTracing.StartDelivery(grainType, items.Count);
        MarkTouched();
        var replay = Replay;
        foreach (var item in items)
        {
            var record = item.Item;
            if (replay.TryAccept(record.Source))
            {
                Apply(record);
            }
        }

        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    /// <summary>What one source record, not applied before, does to the state.</summary>
    protected abstract void Apply(TRecord record);

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
    /// Call before answering a query from the state: an activation that holds nothing unwritten (not touched since its
    /// last write) reads its state again, so it answers what storage holds.
    /// </summary>
    /// <remarks>
    /// Orleans' default grain directory is eventually consistent: after a membership change a grain can have two
    /// activations for a while, each fed by a different silo's receiver. The one that writes makes the other's memory
    /// stale. A stale copy that is fed again finds out at its next write (refused for its ETag: it reports its state
    /// lost and the job rewinds). One that is fed nothing more never writes, so it never finds out, and it may be the
    /// copy that stays (the other's silo died): it would answer queries from its old memory for good, missing what the
    /// other applied. Reading first costs one storage read per query of a grain at rest; a grain touched since its
    /// last write answers from memory (its next write, or its refusal, settles it).
    /// </remarks>
    protected async Task RefreshIfCleanAsync()
    {
        if (_dirty)
        {
            return;
        }

        var etag = state.Etag;
        await state.ReadStateAsync();
        if (string.Equals(etag, state.Etag, StringComparison.Ordinal))
        {
            return;
        }

        // Another activation wrote since this one read: its state is the state of record, and what it still owes
        // (outputs, open windows) must be asked of this activation now.
        PipelineMetrics.StaleActivationRefreshed(GetType().Name);
        if (OwesOutputs)
        {
            participants.Register(job.Name, this.GetGrainId());
        }
    }

    /// <summary>
    /// Writes the snapshot; a state the storage refuses as too large for one item becomes a
    /// <see cref="StateLimitExceededException"/> naming this grain, which stops the job (retrying could never succeed).
    /// </summary>
    /// <remarks>
    /// A write refused for a stale ETag means another activation of this grain wrote since this one read: two
    /// activations live at once while the cluster's directory settles after a membership change, each fed by a
    /// different silo's receiver. This activation's memory is then not the state of record and every later write of it
    /// would be refused too (the job would never complete another epoch). So it reports its state lost (the job
    /// rewinds before every record it applied since its last write) and deactivates without writing; the next
    /// activation starts from the stored state, and its replay guard skips what that state already holds.
    /// </remarks>
    private async Task WriteSnapshotAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex) when (Cause<GrainStateTooLargeException>(ex) is { } tooLarge)
        {
            throw new StateLimitExceededException(job.Name, this.GetGrainId().ToString(), tooLarge.Message);
        }
        catch (Exception ex) when (Cause<InconsistentStateException>(ex) is not null)
        {
            participants.ReportLostState(job.Name, this.GetGrainId());
            _dirty = false;
            DeactivateOnIdle();
            throw;
        }
    }

    // Orleans wraps storage errors in an OrleansException: look through the causes.
    private static T? Cause<T>(Exception? error)
        where T : Exception
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is T cause)
            {
                return cause;
            }
        }

        return null;
    }
}
