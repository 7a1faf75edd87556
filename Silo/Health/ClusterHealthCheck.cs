using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kickstarter.Silo.Health;

/// <summary>
/// Ready once this silo is an active member of its cluster (its own membership view says <see cref="SiloStatus.Active"/>:
/// it has joined, and is neither shutting down nor declared dead) and the host has started; not ready again from the
/// moment the host begins to stop (<see cref="SiloReadiness"/>).
/// </summary>
internal sealed class ClusterHealthCheck(
    ILocalSiloDetails local, IClusterMembershipService membership, SiloReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(local.SiloAddress);
        var data = new Dictionary<string, object>
        {
            ["silo"] = local.SiloAddress.ToParsableString(),
            ["status"] = status.ToString(),
            ["host_started"] = readiness.IsReady,
            ["active_silos"] = snapshot.Members.Values.Count(member => member.Status == SiloStatus.Active),
        };
        var result = (status == SiloStatus.Active, readiness.IsReady) switch
        {
            (true, true) => HealthCheckResult.Healthy("joined the cluster", data),
            (false, _) => HealthCheckResult.Unhealthy($"not an active member of the cluster ({status})", data: data),
            (true, false) => HealthCheckResult.Unhealthy("an active member, but the host has not started yet or is stopping", data: data),
        };
        return Task.FromResult(result);
    }
}
