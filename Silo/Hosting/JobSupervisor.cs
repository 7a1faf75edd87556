using Kickstarter.Grains.Epochs.Coordinator;
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
/// comes back on another), and ends a <c>--duration</c> run: stop the generator, drain the jobs, stop the process.
/// </summary>
internal sealed partial class JobSupervisor(
    IServiceProvider services,
    IGrainFactory grains,
    IOptions<KickstarterOptions> kickstarter,
    IOptions<KafkaOptions> kafka,
    SiloReadiness readiness,
    IHostApplicationLifetime lifetime,
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
                var status = await JobDrainer.DrainAsync(grains, job, kafka.Value.Partitions, TimeSpan.FromMinutes(5), ct);
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

    [LoggerMessage(EventId = 403, Level = LogLevel.Error, Message = "Job {Job} could not be drained before stopping")]
    private partial void LogDrainFailed(Exception ex, string job);
}
