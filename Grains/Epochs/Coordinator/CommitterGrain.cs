using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Diagnostics;
using Kickstarter.Grains.Epochs.Silo;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Epochs;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Sinks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    IOptions<CommitterOptions> options,
    ILogger<CommitterGrain> logger) : Grain, ICommitterGrain
{
    private readonly CommitterOptions _options = options.Value;
    private JobDefinition _job = null!;
    private IGrainTimer? _timer;
    private bool _needsRewind = true; // a fresh activation cannot know what its predecessor left half done
    private HashSet<SiloAddress> _silosAtLastEpoch = [];
    private DateTime _lastMaintenance = DateTime.UtcNow;

    private CommitterState Current => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _job = JobCatalog.Get(this.GetPrimaryKeyString());
        var started = Current.NextEpoch - 1;
        if (started > Current.LastPrepared && !Current.Abandoned.Contains(started))
        {
            // The previous activation started an epoch and died before preparing it.
            Current.Abandoned.Add(started);
        }

        return Task.CompletedTask;
    }

    public Task StartAsync()
    {
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

    public Task<PartitionCheckpoint?> GetStartPositionAsync(string topic, int partition) =>
        Task.FromResult(Current.Positions.FirstOrDefault(position => position.Topic == topic && position.Partition == partition));

    public Task<CommitterStatus> GetStatusAsync() => Task.FromResult(Status());

    private CommitterStatus Status() =>
        new(_job.Name, Current.LastCompleted, Current.RowsCommitted, [.. Current.Positions], Current.WatermarkMs);

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

        // A prepared epoch always finishes first, exactly once per sink; its files are read back from staging.
        if (Current.Pending is { } pending)
        {
            await CompleteAsync(await sink.LoadAsync(_job, pending, ct), recovering: true, ct);
        }

        var active = ActiveSilos();
        if (_needsRewind || _silosAtLastEpoch.Except(active).Any())
        {
            await RewindAsync(active);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var epoch = Current.NextEpoch;
        using var activity = PipelineTracing.StartEpoch(_job.Name, epoch);
        Current.NextEpoch = epoch + 1;
        await state.WriteStateAsync(ct); // the number is burnt now, whatever happens next

        PreparedEpoch prepared;
        try
        {
            prepared = await PrepareAsync(epoch, final, active, ct);
        }
        catch
        {
            Current.Abandoned.Add(epoch);
            _needsRewind = true;
            throw;
        }
        finally
        {
            await ResumeAllAsync(active);
        }

        _silosAtLastEpoch = [.. active];
        if (prepared.RowCount > 0)
        {
            LogPrepared(_job.Name, epoch, prepared.RowCount);
        }

        await CompleteAsync(prepared, recovering: false, ct);
        PipelineMetrics.EpochCompleted(_job.Name, PipelineMetrics.Since(started));
        await MaintainIfDueAsync(ct);
    }

    /// <summary>Barrier, snapshot and prepare: on return the epoch is durable and recorded as pending.</summary>
    private async Task<PreparedEpoch> PrepareAsync(long epoch, bool final, List<SiloAddress> active, CancellationToken ct)
    {
        List<PartitionCheckpoint> positions;
        using (var barrier = new CancellationTokenSource(_options.StepTimeout))
        {
            var reports = await Task.WhenAll(active.Select(silo => silos.On(silo).PauseAsync(_job.Name)))
                .WaitAsync(barrier.Token);
            positions = EpochPositions.Merge(Current.Positions, reports);
        }

        var watermark = final ? long.MaxValue : EpochPositions.Watermark(positions);
        var request = new SnapshotRequest(epoch, watermark, Current.Ledger, EpochPositions.NextOffsets(Current.Positions));
        SiloSnapshot[] snapshots;
        var snapshotStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        using (var snapshot = new CancellationTokenSource(_options.StepTimeout))
        {
            snapshots = await Task.WhenAll(active.Select(silo => silos.On(silo).SnapshotAsync(_job.Name, request)))
                .WaitAsync(snapshot.Token);
        }

        PipelineMetrics.Snapshotted(_job.Name, PipelineMetrics.Since(snapshotStarted));

        var outputs = new EpochOutputs();
        foreach (var snapshot in snapshots)
        {
            outputs.Add(snapshot.Outputs);
        }

        var prepared = await sink.PrepareAsync(_job, epoch, outputs, ct);
        Current.LastPrepared = epoch;
        Current.Positions = positions;
        Current.Pending = prepared.Pending;
        Current.WatermarkMs = Math.Max(Current.WatermarkMs, watermark == long.MaxValue ? Current.WatermarkMs : watermark);
        Current.OwingGrains = [.. snapshots.SelectMany(snapshot => snapshot.StillOwing).Select(grain => grain.ToString()).Distinct()];
        await state.WriteStateAsync(ct);
        return prepared;
    }

    private async Task CompleteAsync(PreparedEpoch prepared, bool recovering, CancellationToken ct)
    {
        await sink.CommitAsync(_job, prepared, recovering, ct);
        Current.LastCompleted = prepared.Epoch;
        Current.RowsCommitted += prepared.RowCount;
        Current.Pending = null;
        await state.WriteStateAsync(ct);
        await sink.CleanupAsync(_job, prepared, ct);
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

    private List<SiloAddress> ActiveSilos() =>
    [
        .. membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active)
            .Select(member => member.SiloAddress),
    ];

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Committer {Job}: epoch {Epoch} prepared with {Rows} rows")]
    private partial void LogPrepared(string job, long epoch, long rows);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "Committer {Job}: epoch failed; it is abandoned and the job rewinds")]
    private partial void LogEpochFailed(Exception ex, string job);
}
