using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kickstarter.Silo.Health;

/// <summary>
/// Live unless the process is wedged: a work item queued on the thread pool (where Orleans' scheduler, every receiver,
/// timers and Kestrel's requests run) must start within <see cref="DefaultTimeout"/>. A slow dependency does not fail
/// this (that is readiness). A pool starved outright cannot run the probe's request either: the probe then gets no
/// answer within its timeout, which orchestrators count as a failure too; this check's 503 is for a pool that still
/// serves requests but runs new work late.
/// </summary>
/// <param name="scheduler">Where the probe's work item is queued: the thread pool, except in the check's own tests.</param>
/// <param name="timeout">How long the work item may wait before the process counts as wedged.</param>
internal sealed class ThreadPoolHealthCheck(TaskScheduler scheduler, TimeSpan timeout) : IHealthCheck
{
    /// <summary>How long the probe's work item may wait on the thread pool.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The check the silo runs: the thread pool, <see cref="DefaultTimeout"/>.</summary>
    public ThreadPoolHealthCheck()
        : this(TaskScheduler.Default, DefaultTimeout)
    {
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var queued = DateTime.UtcNow;
        try
        {
            // PreferFairness: into the pool's global queue, behind the timers, I/O completions and grain turns already
            // waiting there. Task.Run from this pool thread would use its local queue, which this same thread runs
            // first once it awaits, so it would measure nothing.
            var waited = await Task.Factory.StartNew(() => DateTime.UtcNow - queued, cancellationToken,
                    TaskCreationOptions.PreferFairness, scheduler)
                .WaitAsync(timeout, cancellationToken);
            return HealthCheckResult.Healthy(
                string.Create(CultureInfo.InvariantCulture, $"thread pool answered in {waited.TotalMilliseconds:0} ms"));
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy(
                string.Create(CultureInfo.InvariantCulture, $"thread pool did not run a work item within {timeout.TotalSeconds:0.###} s"));
        }
    }
}
