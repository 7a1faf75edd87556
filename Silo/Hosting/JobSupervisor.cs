using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Epochs.Silo;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs;
using Kickstarter.Silo.Configuration;
using Kickstarter.Silo.Generator;
using Kickstarter.Silo.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kickstarter.Silo.Hosting;

/// <summary>
/// Keeps this silo's committers running (it asks them to start every few seconds, so a committer lost with its silo
/// comes back on another), ends a <c>--duration</c> run (stop the generator, drain the jobs, stop the process), and
/// stops the silo in order on SIGTERM (see <see cref="StopAsync"/>).
/// </summary>
internal sealed partial class JobSupervisor(
    IServiceProvider services,
    IGrainFactory grains,
    IOptions<KickstarterOptions> kickstarter,
    IOptions<KafkaOptions> kafka,
    SiloReadiness readiness,
    IHostApplicationLifetime lifetime,
    ILocalSiloDetails localSilo,
    IEpochSiloServiceClient epochSilos,
    ILogger<JobSupervisor> logger) : BackgroundService
{
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WaitForStartAsync(stoppingToken);
        readiness.IsReady = true;
        var jobs = EnabledJobs();
        var stopAt = kickstarter.Value.Duration is { } duration ? DateTime.UtcNow + duration : DateTime.MaxValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var job in jobs)
            {
                try
                {
                    await grains.GetGrain<ICommitterGrain>(job.Name).StartAsync();
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogKeepAliveFailed(ex, job.Name);
                }
            }

            if (DateTime.UtcNow >= stopAt)
            {
                await FinishRunAsync(jobs, stoppingToken);
                return;
            }

            var wait = stopAt - DateTime.UtcNow;
            await Task.Delay(wait < KeepAlivePeriod ? wait : KeepAlivePeriod, stoppingToken);
        }
    }

    private async Task FinishRunAsync(IReadOnlyList<JobDefinition> jobs, CancellationToken ct)
    {
        LogFinishing(kickstarter.Value.Duration!.Value);
        if (services.GetService<GeneratorService>() is { } generator)
        {
            await generator.StopAsync(ct);
        }

        // In catalog order, upstream first: the Consolidator's final epoch releases every held flight into
        // airline.flight, which Flyer Stats reads.
        foreach (var job in jobs)
        {
            try
            {
                var status = await JobDrainer.DrainAsync(grains, job, kafka.Value.Partitions, TimeSpan.FromMinutes(5), logger, ct);
                LogDrained(job.Name, status.LastCompletedEpoch, status.RowsCommitted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The run stops anyway, but not as a success: its last epochs may not be committed.
                LogDrainFailed(ex, job.Name);
                Environment.ExitCode = 1;
            }
        }

        lifetime.StopApplication();
    }

    /// <summary>
    /// The ordered stop. The host stops its services in reverse order of registration, and this one is registered after
    /// Orleans, so all of this runs while the silo, its grains and its storage are still up: (1) the generator stops;
    /// (2) this silo's receivers stop handing out records and what they handed out is delivered; (3) each job's
    /// committer finishes the epoch in flight and commits one more, upstream first, so every record this silo's grains
    /// applied is committed and the grains are clean; a committer living here stops its timer and deactivates;
    /// (4) this silo's grains are deactivated while storage still answers. Only then does Orleans stop. A step that fails
    /// or runs out of the host's shutdown time is logged and skipped: what it did not finish, the next start recovers
    /// (an abandoned epoch is redone from the last prepared positions), exactly as after a crash.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken); // the keep-alive loop ends first: it would start committers again
        if (!readiness.IsReady)
        {
            return; // never started: nothing to hand over
        }

        readiness.IsReady = false;
        var silo = localSilo.SiloAddress;
        LogStopping(silo);
        if (services.GetService<GeneratorService>() is { } generator)
        {
            await generator.StopAsync(cancellationToken);
        }

        await StepAsync("stop receiving", () => epochSilos.On(silo).StopReceivingAsync(), cancellationToken);
        foreach (var job in EnabledJobs())
        {
            await StepAsync($"finish the epochs of {job.Name}",
                () => grains.GetGrain<ICommitterGrain>(job.Name).FinishBeforeSiloStopsAsync(silo), cancellationToken);
        }

        await StepAsync("deactivate this silo's grains",
            () => grains.GetGrain<IManagementGrain>(0).ForceActivationCollection([silo], TimeSpan.Zero), cancellationToken);
        LogStopped(silo);
    }

    private async Task StepAsync(string step, Func<Task> action, CancellationToken ct)
    {
        try
        {
            await action().WaitAsync(ct);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogStopStepFailed(ex, step);
        }
    }

    private IReadOnlyList<JobDefinition> EnabledJobs() => JobCatalog.Selected(kickstarter.Value.EffectiveJobs);

    private Task WaitForStartAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(ct);
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Could not reach committer {Job}; will retry")]
    private partial void LogKeepAliveFailed(Exception ex, string job);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information,
        Message = "Run time {Duration} is over: stopping the generator and draining the jobs")]
    private partial void LogFinishing(TimeSpan duration);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information,
        Message = "Job {Job} drained: last epoch {Epoch}, {Rows} rows committed in all")]
    private partial void LogDrained(string job, long epoch, long rows);

    [LoggerMessage(EventId = 404, Level = LogLevel.Information,
        Message = "Silo {Silo} stopping: generator off, receivers paused, epochs finished, grains deactivated, then Orleans")]
    private partial void LogStopping(SiloAddress silo);

    [LoggerMessage(EventId = 405, Level = LogLevel.Information, Message = "Silo {Silo}: jobs handed over; Orleans stops now")]
    private partial void LogStopped(SiloAddress silo);

    [LoggerMessage(EventId = 406, Level = LogLevel.Warning,
        Message = "Stopping: could not {Step}; the next start recovers what it left (as after a crash)")]
    private partial void LogStopStepFailed(Exception ex, string step);

    [LoggerMessage(EventId = 403, Level = LogLevel.Error, Message = "Job {Job} could not be drained before stopping")]
    private partial void LogDrainFailed(Exception ex, string job);
}
