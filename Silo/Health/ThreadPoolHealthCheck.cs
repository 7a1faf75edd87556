using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kickstarter.Silo.Health;

/// <summary>
/// Live unless the process is wedged: a work item queued on the thread pool (where Orleans' scheduler and every
/// receiver run) must start within <see cref="Timeout"/>. A starved or deadlocked pool fails this, and the orchestrator
/// restarts the process; a slow dependency does not (that is readiness).
/// </summary>
internal sealed class ThreadPoolHealthCheck : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var queued = DateTime.UtcNow;
        try
        {
            var waited = await Task.Run(() => DateTime.UtcNow - queued, cancellationToken).WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"thread pool answered in {waited.TotalMilliseconds:0} ms");
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"thread pool did not run a work item within {Timeout.TotalSeconds:0} s");
        }
    }
}
