using System.Collections.Concurrent;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs;
using Kickstarter.Silo.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Kickstarter.Silo.Health;

/// <summary>
/// Ready while each job this silo runs completed an epoch within <see cref="StaleAfterIntervals"/> commit intervals.
/// Committers report their last completed epoch, not when; so the check remembers when it last saw each job's number
/// move, and counts from the first probe (a silo that just started is given the same grace).
/// </summary>
internal sealed class EpochHealthCheck(
    IGrainFactory grains, IOptions<KickstarterOptions> kickstarter, IOptions<CommitterOptions> committer, TimeProvider clock)
    : IHealthCheck
{
    /// <summary>How many commit intervals may pass without a completed epoch.</summary>
    public const int StaleAfterIntervals = 3;

    private readonly ConcurrentDictionary<string, (long Epoch, DateTimeOffset SeenAt)> _lastMove = new(StringComparer.Ordinal);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = committer.Value.CommitInterval * StaleAfterIntervals;
        var now = clock.GetUtcNow();
        var data = new Dictionary<string, object>();
        var stale = new List<string>();
        foreach (var job in JobCatalog.Selected(kickstarter.Value.EffectiveJobs))
        {
            long epoch;
            try
            {
                var status = await grains.GetGrain<ICommitterGrain>(job.Name).GetStatusAsync()
                    .WaitAsync(StorageHealthCheck.Timeout, cancellationToken);
                epoch = status.LastCompletedEpoch;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                data[job.Name] = $"committer did not answer ({ex.GetType().Name})";
                stale.Add(job.Name);
                continue;
            }

            var seen = _lastMove.AddOrUpdate(job.Name, (epoch, now), (_, last) => last.Epoch == epoch ? last : (epoch, now));
            var age = now - seen.SeenAt;
            data[job.Name] = $"epoch {epoch}, unchanged for {age.TotalSeconds:0} s";
            if (age > limit)
            {
                stale.Add(job.Name);
            }
        }

        return stale.Count == 0
            ? HealthCheckResult.Healthy($"every job completed an epoch within {limit.TotalSeconds:0} s", data)
            : HealthCheckResult.Unhealthy($"no epoch completed within {limit.TotalSeconds:0} s: {string.Join(", ", stale)}", data: data);
    }
}
