using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Epochs;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Sinks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kickstarter.Grains.Epochs;

/// <summary>
/// Coordinates one job's aligned epochs (Chandy-Lamport as Flink does it, mapped onto grains): barrier on every
/// silo, snapshot of the touched grains, prepare (durable files), then commit to Iceberg and Kafka. See the README's
/// "Delivery guarantees" for what happens at each crash point.
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

    private CommitterState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _job = Jobs.Get(this.GetPrimaryKeyString());
        var s = S;
        if (s.NextEpoch - 1 > s.LastPrepared && !s.Abandoned.Contains(s.NextEpoch - 1))
        {
            // The previous activation started an epoch and died before preparing it.
            s.Abandoned.Add(s.NextEpoch - 1);
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

    public Task<SourcePosition?> GetStartPositionAsync(string topic, int partition) =>
        Task.FromResult(S.Positions.FirstOrDefault(p => p.Topic == topic && p.Partition == partition));

    public Task<CommitterStatus> GetStatusAsync() => Task.FromResult(Status());

    private CommitterStatus Status() =>
        new(_job.Name, S.LastCompleted, S.RowsCommitted, [.. S.Positions], S.WatermarkMs);

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

        // A prepared epoch always finishes first, exactly once per sink.
        if (S.Pending is { } pending)
        {
            await CompleteAsync(pending, recovering: true, ct);
        }

        var active = ActiveSilos();
        if (_needsRewind || _silosAtLastEpoch.Except(active).Any())
        {
            await RewindAsync(active);
        }

        var epoch = S.NextEpoch;
        S.NextEpoch = epoch + 1;
        await state.WriteStateAsync(ct); // the number is burnt now, whatever happens next

        PreparedEpoch prepared;
        List<SourcePosition> positions;
        try
        {
            using (var barrier = new CancellationTokenSource(_options.StepTimeout))
            {
                positions = MergePositions(await Task.WhenAll(active.Select(s => silos.On(s).PauseAsync(_job.Name))).WaitAsync(barrier.Token));
            }

            var watermark = final ? long.MaxValue : Watermark(positions);
            var request = new SnapshotRequest(epoch, watermark, S.Ledger,
                S.Positions.ToDictionary(p => $"{p.Topic}/{p.Partition}", p => p.NextOffset));
            SiloSnapshot[] snapshots;
            using (var snapshot = new CancellationTokenSource(_options.StepTimeout))
            {
                snapshots = await Task.WhenAll(active.Select(s => silos.On(s).SnapshotAsync(_job.Name, request))).WaitAsync(snapshot.Token);
            }

            var outputs = new EpochOutputs();
            foreach (var snapshot in snapshots)
            {
                outputs.Add(snapshot.Outputs);
            }

            prepared = await sink.PrepareAsync(_job, epoch, outputs, ct);
            S.LastPrepared = epoch;
            S.Positions = positions;
            S.Pending = prepared;
            S.WatermarkMs = Math.Max(S.WatermarkMs, watermark == long.MaxValue ? S.WatermarkMs : watermark);
            S.OwingGrains = [.. snapshots.SelectMany(s => s.StillOwing).Select(g => g.ToString()).Distinct()];
            await state.WriteStateAsync(ct);
        }
        catch
        {
            S.Abandoned.Add(epoch);
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
        await MaintainIfDueAsync(ct);
    }

    private async Task CompleteAsync(PreparedEpoch prepared, bool recovering, CancellationToken ct)
    {
        await sink.CommitAsync(_job, prepared, recovering, ct);
        S.LastCompleted = prepared.Epoch;
        S.RowsCommitted += prepared.RowCount;
        S.Pending = null;
        await state.WriteStateAsync(ct);
        await sink.CleanupAsync(_job, prepared, ct);
    }

    /// <summary>
    /// After a failure, every receiver of the job goes back to the last prepared positions. Grains keep their
    /// in-memory state: their replay guards skip what they already applied, and a grain that was lost reloads from
    /// its last snapshot and gets the rest again. Grains that still owed outputs are woken so they register again.
    /// </summary>
    private async Task RewindAsync(IReadOnlyCollection<SiloAddress> active)
    {
        LogRewinding(_job.Name, S.LastPrepared, active.Count);
        using var step = new CancellationTokenSource(_options.StepTimeout);
        var ct = step.Token;
        try
        {
            await Task.WhenAll(active.Select(s => silos.On(s).PauseAsync(_job.Name))).WaitAsync(ct);
            await Task.WhenAll(active.Select(s => silos.On(s).RewindAsync(_job.Name, S.Positions))).WaitAsync(ct);
            await Task.WhenAll(S.OwingGrains.Select(g => GrainFactory.GetGrain<IPipelineGrain>(GrainId.Parse(g)).WakeAsync())).WaitAsync(ct);
        }
        finally
        {
            await ResumeAllAsync(active);
        }

        _needsRewind = false;
        _silosAtLastEpoch = [.. active];
    }

    private async Task ResumeAllAsync(IEnumerable<SiloAddress> active)
    {
        foreach (var silo in active)
        {
            try
            {
                await silos.On(silo).ResumeAsync(_job.Name);
            }
            catch (Exception ex)
            {
                // A dead silo cannot be resumed; its queues move and the next epoch rewinds.
                LogResumeFailed(ex, _job.Name, silo);
                _needsRewind = true;
            }
        }
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
        [.. membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress)];

    /// <summary>
    /// Positions reported at the barrier; a partition reported twice (its queue moved during the epoch) takes the
    /// furthest one, a partition nobody reported (its queue is between silos) keeps its previous position.
    /// </summary>
    private List<SourcePosition> MergePositions(IEnumerable<List<SourcePosition>> reports)
    {
        // Unreported partitions keep their position, but not their "caught up": nobody read them in this epoch.
        var merged = S.Positions.ToDictionary(p => (p.Topic, p.Partition), p => p with { CaughtUp = false });
        foreach (var position in reports.SelectMany(r => r))
        {
            var key = (position.Topic, position.Partition);
            if (!merged.TryGetValue(key, out var known) || position.NextOffset >= known.NextOffset)
            {
                merged[key] = position;
            }
        }

        return [.. merged.Values.OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition)];
    }

    /// <summary>
    /// Event time up to which every source partition has delivered: the minimum over partitions still being read of
    /// the largest timestamp delivered. Partitions read to their end are idle and do not hold it back; when all are,
    /// it is the largest timestamp seen.
    /// </summary>
    internal static long Watermark(IReadOnlyCollection<SourcePosition> positions)
    {
        var busy = positions.Where(p => !p.CaughtUp).ToList();
        if (busy.Count > 0)
        {
            return busy.Min(p => p.MaxTimestampMs);
        }

        return positions.Count == 0 ? -1 : positions.Max(p => p.MaxTimestampMs);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Committer {Job}: epoch {Epoch} prepared with {Rows} rows")]
    private partial void LogPrepared(string job, long epoch, long rows);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Committer {Job}: epoch failed; it is abandoned and the job rewinds")]
    private partial void LogEpochFailed(Exception ex, string job);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Committer {Job}: rewinding to epoch {Epoch} on {Silos} silos")]
    private partial void LogRewinding(string job, long epoch, int silos);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Committer {Job}: could not resume silo {Silo}")]
    private partial void LogResumeFailed(Exception ex, string job, SiloAddress silo);
}
