using System.Globalization;
using Kickstarter.Grains.Interfaces.Grains;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Grains.Epochs.Coordinator;

/// <summary>The committer's recovery side: rewinding every receiver of the job, and resuming them.</summary>
public sealed partial class CommitterGrain
{
    /// <summary>
    /// After a failure, every receiver of the job goes back to the last prepared positions. Grains keep their
    /// in-memory state: their replay guards skip what they already applied, and a grain that was lost reloads from
    /// its last snapshot and gets the rest again. Grains that still owed outputs (the owing registry's version of the last
    /// prepared epoch) are woken so they register again.
    /// </summary>
    private async Task RewindAsync(List<SiloAddress> active)
    {
        LogRewinding(_job.Name, Current.LastPrepared, active.Count);
        using var step = new CancellationTokenSource(_options.StepTimeout);
        var ct = step.Token;
        try
        {
            await Task.WhenAll(active.Select(silo => silos.On(silo).PauseAsync(_job.Name))).WaitAsync(ct);
            await Task.WhenAll(active.Select(silo => silos.On(silo).RewindAsync(_job.Name, Current.Positions))).WaitAsync(ct);
            var owing = await _owing.ReadAsync(Current.Owing).WaitAsync(ct);
            await Task.WhenAll(owing.Select(WakeAsync)).WaitAsync(ct);
        }
        catch (OperationCanceledException) when (step.IsCancellationRequested)
        {
            // A timeout, not a cancellation: callers that retry on failure (the drain, the timer) must retry this too.
            throw new TimeoutException(
                $"Committer {_job.Name}: the rewind took longer than Committer:StepTimeout ({_options.StepTimeout}).");
        }
        finally
        {
            await ResumeAllAsync(active);
        }

        _needsRewind = false;
        _silosAtLastEpoch = [.. active];
    }

    private Task WakeAsync(string grain) =>
        GrainFactory.GetGrain<IJobGrain>(GrainId.Parse(grain, CultureInfo.InvariantCulture)).WakeAsync(); // a key, machine-read

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

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Committer {Job}: rewinding to epoch {Epoch} on {Silos} silos")]
    private partial void LogRewinding(string job, long epoch, int silos);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Committer {Job}: could not resume silo {Silo}")]
    private partial void LogResumeFailed(Exception ex, string job, SiloAddress silo);
}
