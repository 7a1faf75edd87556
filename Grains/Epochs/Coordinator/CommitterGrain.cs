using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Diagnostics;
using Kickstarter.Grains.Epochs.Silo;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Epochs;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Kickstarter.Grains.Epochs.Coordinator;

/// <summary>
/// Coordinates one job's aligned epochs (Chandy-Lamport as Flink does it, mapped onto grains): barrier on every
/// silo, snapshot of the touched grains, prepare (durable files), then commit to Iceberg and Kafka. See the README's
/// "Delivery guarantees" for what happens at each crash point. Rewinding after a failure is in
/// <c>CommitterGrain.Rewind.cs</c>.
/// </summary>
public sealed partial class CommitterGrain(
    [PersistentState("committer", ProviderNames.PipelineStorage)] IPersistentState<CommitterState> state,
    IJobSink sink,
    IEpochSiloServiceClient silos,
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IOptions<CommitterOptions> options,
    ILogger<CommitterGrain> logger) : Grain, ICommitterGrain
{
    private readonly CommitterOptions _options = options.Value;
    private JobDefinition _job = null!;
    private IGrainTimer? _timer;
    private bool _needsRewind = true; // a fresh activation cannot know what its predecessor left half done
    private bool _mustReload; // an epoch or a state write failed: act only on what storage says, read back first
    private CommitterState _published = new(); // the state as last written or read: what receivers and callers see
    private HashSet<SiloAddress> _silosAtLastEpoch = [];
    private DateTime _lastMaintenance = DateTime.UtcNow;
    private OwingRegistry _owing = null!;
    private TaskCompletionSource? _prepareWrite; // set while the prepare write is in flight: see GetStartPositionAsync
    private string? _stoppedBecause; // a grain's state outgrew its storage item: the job stops, receivers stay paused

    private CommitterState Current => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _job = JobCatalog.Get(this.GetPrimaryKeyString());
        _owing = new OwingRegistry(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ProviderNames.PipelineStorage), _job.Name);
        _published = Current;
        return Task.CompletedTask;
    }

    public Task StartAsync()
    {
        if (_stoppedBecause is not null)
        {
            return Task.CompletedTask;
        }

        _timer ??= this.RegisterGrainTimer(
            _ => RunEpochSafelyAsync(final: false),
            new GrainTimerCreationOptions(_options.CommitInterval, _options.CommitInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public async Task<CommitterStatus> CommitNowAsync(bool final)
    {
        await RunEpochAsync(final);
        return Status();
    }

    public async Task<CommitterStatus> FinishBeforeSiloStopsAsync(SiloAddress stoppingSilo)
    {
        var local = localSilo.SiloAddress.Equals(stoppingSilo);
        if (local)
        {
            // No epoch may start on a silo that is going down; the one in flight has finished, or this call would not run.
            _timer?.Dispose();
            _timer = null;
            DeactivateOnIdle();
        }

        await RunEpochAsync(final: false);
        LogFinishedBeforeStop(_job.Name, stoppingSilo, Current.LastCompleted);
        return Status();
    }

    /// <remarks>
    /// A receiver starting while the prepare write is in flight waits for it: it would otherwise start at the previous
    /// epoch's positions and hand records the epoch being recorded already covers to grains no snapshot of it reached
    /// (a silo that joined after the membership check). Once the write is done it starts at the new positions.
    /// </remarks>
    public async Task<PartitionCheckpoint?> GetStartPositionAsync(string topic, int partition)
    {
        if (_prepareWrite is { } writing)
        {
            await writing.Task;
        }

        return _published.Positions.FirstOrDefault(position => position.Topic == topic && position.Partition == partition);
    }

    public Task<CommitterStatus> GetStatusAsync() => Task.FromResult(Status());

    private CommitterStatus Status() =>
        new(_job.Name, _published.LastCompleted, _published.RowsCommitted, [.. _published.Positions], _published.WatermarkMs);

    private async Task RunEpochSafelyAsync(bool final)
    {
        try
        {
            await RunEpochAsync(final);
        }
        catch (Exception ex)
        {
            LogEpochFailed(ex, _job.Name);
        }
    }

    /// <remarks>
    /// <see cref="CommitterOptions.StepTimeout"/> bounds each coordination step (rewind, barrier, snapshot), which
    /// waits on other silos. The sink's work (prepare, commit) is not cancelled by it: its length grows with the
    /// epoch, and cancelling a large prepare would abandon the epoch, rewind, and meet the same large epoch again.
    /// </remarks>
    private async Task RunEpochAsync(bool final)
    {
        var ct = CancellationToken.None;
        if (_stoppedBecause is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        if (_mustReload)
        {
            await ReloadAsync();
        }

        // A prepared epoch always finishes first, exactly once per sink; its files are read back from staging.
        if (Current.Pending is { } pending)
        {
            await CompleteAsync(await sink.LoadAsync(_job, pending, ct), recovering: true, ct);
        }

        // The epoch belongs to this membership view: any change before its prepare write abandons it.
        var view = membership.CurrentSnapshot;
        var active = ActiveSilos(view);
        if (_needsRewind || _silosAtLastEpoch.Except(active).Any())
        {
            await RewindAsync(active);
        }

        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var epoch = Current.NextEpoch;
        using var activity = PipelineTracing.StartEpoch(_job.Name, epoch);
        var started = Current.Copy();
        started.NextEpoch = epoch + 1;
        await WriteAsync(started); // the number is burnt now, whatever happens next

        PreparedEpoch prepared;
        try
        {
            prepared = await PrepareAsync(epoch, final, active, view.Version, ct);
        }
        catch (Exception ex)
        {
            // Whether the epoch is prepared is what storage says (the prepare write may have landed and still failed):
            // the next run reads it back, abandons the epoch unless it is recorded as prepared, and rewinds.
            _mustReload = true;
            _needsRewind = true;
            if (StateLimitExceededException.Find(ex) is { } tooLarge)
            {
                Stop(tooLarge);
            }

            throw;
        }
        finally
        {
            if (_stoppedBecause is null)
            {
                await ResumeAllAsync(active);
            }
        }

        _silosAtLastEpoch = [.. active];
        if (prepared.RowCount > 0)
        {
            LogPrepared(_job.Name, epoch, prepared.RowCount);
        }

        await CompleteAsync(prepared, recovering: false, ct);
        PipelineMetrics.EpochCompleted(_job.Name, PipelineMetrics.Since(startedAt));
        await MaintainIfDueAsync(ct);
    }

    /// <summary>
    /// Waits for one step of the epoch on every silo; a step past <c>Committer:StepTimeout</c> fails the epoch with a
    /// message naming the step and the setting (the silos' calls go on and are ignored: the job rewinds).
    /// </summary>
    private async Task<T> WithinStepTimeoutAsync<T>(Task<T> step, string name, long epoch)
    {
        try
        {
            return await step.WaitAsync(_options.StepTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"Committer {_job.Name}: the {name} of epoch {epoch} took longer than Committer:StepTimeout ({_options.StepTimeout}).");
        }
    }

    /// <summary>Barrier, snapshot and prepare: on return the epoch is durable and recorded as pending.</summary>
    private async Task<PreparedEpoch> PrepareAsync(
        long epoch, bool final, List<SiloAddress> active, MembershipVersion view, CancellationToken ct)
    {
        var reports = await WithinStepTimeoutAsync(
            Task.WhenAll(active.Select(silo => silos.On(silo).BarrierAsync(_job.Name))), "barrier", epoch);
        var positions = EpochPositions.Merge(Current.Positions, reports.Select(report => report.Positions));
        List<SourcePartition> sources = [.. reports.SelectMany(report => report.Partitions).Distinct()];

        // The request carries the running maximum, never the raw minimum: grains release outputs at it, so a smaller
        // watermark after a larger one would put released rows out of event-time order. Every partition of the source
        // topics counts, reported or not: one whose receiver has not started yet holds the watermark back.
        var watermark = final ? long.MaxValue : EpochPositions.Watermark(positions, sources, Current.WatermarkMs);
        var request = new SnapshotRequest(epoch, watermark, Current.Ledger, EpochPositions.NextOffsets(Current.Positions));
        var snapshotStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        var snapshots = await WithinStepTimeoutAsync(
            Task.WhenAll(active.Select(silo => silos.On(silo).SnapshotAsync(_job.Name, request))), "snapshot", epoch);

        PipelineMetrics.Snapshotted(_job.Name, PipelineMetrics.Since(snapshotStarted));

        var outputs = new EpochOutputs();
        foreach (var snapshot in snapshots)
        {
            outputs.Add(snapshot.Outputs);
        }

        var prepared = await sink.PrepareAsync(_job, epoch, outputs, ct);
        var next = Current.Copy();
        next.EarlierAbandoned = Current.Ledger.EarlierAbandonedAfter(epoch);
        next.PreviousPrepared = Current.LastPrepared;
        next.LastPrepared = epoch;
        next.Positions = positions;
        next.Pending = prepared.Pending;
        next.WatermarkMs = final ? Current.WatermarkMs : watermark;
        try
        {
            next.Owing = await _owing.StageAsync(snapshots.SelectMany(snapshot => snapshot.StillOwing), Current.Owing);
            await EnsureMembershipUnchangedAsync(epoch, view);
            _prepareWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await WriteAsync(next);
            _owing.Commit();
        }
        catch
        {
            _owing.Discard();
            throw;
        }
        finally
        {
            _prepareWrite?.TrySetResult();
            _prepareWrite = null;
        }

        return prepared;
    }

    /// <summary>
    /// Abandons the epoch when membership changed since its barrier. Only the silos active at the barrier were paused
    /// and snapshotted; a silo that joined since may already host grains that applied records this epoch checkpoints
    /// (its receivers started at the previous positions), and one that left may have taken snapshotted work with it.
    /// The membership table is read again first, so a change this silo has not heard of yet still counts.
    /// </summary>
    private async Task EnsureMembershipUnchangedAsync(long epoch, MembershipVersion atBarrier)
    {
        using var refresh = new CancellationTokenSource(_options.StepTimeout);
        try
        {
            await membership.Refresh(default, refresh.Token);
        }
        catch (OperationCanceledException) when (refresh.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Committer {_job.Name}: reading the membership table for epoch {epoch} took longer than " +
                $"Committer:StepTimeout ({_options.StepTimeout}).");
        }

        var now = membership.CurrentSnapshot.Version;
        if (now != atBarrier)
        {
            LogMembershipChanged(_job.Name, epoch, atBarrier.Value, now.Value);
            throw new MembershipChangedException(_job.Name, epoch, atBarrier.Value, now.Value);
        }
    }

    /// <summary>
    /// Stops the job for good (until the committer is activated again): a grain's state no longer fits into one
    /// storage item, so every epoch would fail the same way. Receivers stay paused, so nothing piles up meanwhile.
    /// </summary>
    private void Stop(StateLimitExceededException tooLarge)
    {
        _stoppedBecause = tooLarge.Message;
        _timer?.Dispose();
        _timer = null;
        LogStopped(tooLarge, _job.Name, tooLarge.Grain);
    }

    private async Task CompleteAsync(PreparedEpoch prepared, bool recovering, CancellationToken ct)
    {
        await sink.CommitAsync(_job, prepared, recovering, ct);
        var next = Current.Copy();
        next.LastCompleted = prepared.Epoch;
        next.RowsCommitted += prepared.RowCount;
        next.Pending = null;
        await WriteAsync(next);
        await sink.CleanupAsync(_job, prepared, ct);
    }

    /// <summary>
    /// Writes <paramref name="next"/> as the committer's state. Memory takes it only once the write succeeded; after a
    /// failed write (which may still have landed: a timeout, a 5xx) the committer reads its state back before acting,
    /// and after an ETag conflict (another activation wrote it) this activation also steps down.
    /// </summary>
    private async Task WriteAsync(CommitterState next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            state.State = previous;
            _mustReload = true;
            _needsRewind = true;
            if (ex is InconsistentStateException)
            {
                LogConflict(ex, _job.Name);
                DeactivateOnIdle();
            }

            throw;
        }

        _published = next;
    }

    /// <summary>Reads the state back after a failure and goes on from what storage says, rewinding first.</summary>
    private async Task ReloadAsync()
    {
        await state.ReadStateAsync();
        _published = Current;
        _mustReload = false;
        _needsRewind = true;
        LogReloaded(_job.Name, Current.NextEpoch - 1, Current.LastPrepared, Current.Pending?.Epoch ?? 0);
    }

    private async Task MaintainIfDueAsync(CancellationToken ct)
    {
        if (DateTime.UtcNow - _lastMaintenance < _options.MaintenanceInterval)
        {
            return;
        }

        _lastMaintenance = DateTime.UtcNow;
        await sink.MaintainAsync(_job, ct);
    }

    private static List<SiloAddress> ActiveSilos(ClusterMembershipSnapshot view) =>
    [
        .. view.Members.Values
            .Where(member => member.Status == SiloStatus.Active)
            .Select(member => member.SiloAddress),
    ];

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Committer {Job}: epoch {Epoch} prepared with {Rows} rows")]
    private partial void LogPrepared(string job, long epoch, long rows);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning,
        Message = "Committer {Job}: its state was written by another activation; this one reloads and steps down")]
    private partial void LogConflict(Exception ex, string job);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning,
        Message = "Committer {Job}: state read back after a failure: last started {Started}, last prepared {Prepared}, pending {Pending}")]
    private partial void LogReloaded(string job, long started, long prepared, long pending);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning,
        Message = "Committer {Job}: membership changed between the barrier and the prepare of epoch {Epoch} " +
            "(version {AtBarrier} -> {Now}); the epoch is abandoned")]
    private partial void LogMembershipChanged(string job, long epoch, long atBarrier, long now);

    [LoggerMessage(EventId = 107, Level = LogLevel.Critical,
        Message = "Committer {Job}: job stopped: the state of grain {Grain} does not fit into one storage item")]
    private partial void LogStopped(Exception ex, string job, string grain);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information,
        Message = "Committer {Job}: silo {Silo} is stopping; epoch {Epoch} committed what it had applied")]
    private partial void LogFinishedBeforeStop(string job, SiloAddress silo, long epoch);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "Committer {Job}: epoch failed; it is abandoned and the job rewinds")]
    private partial void LogEpochFailed(Exception ex, string job);
}
