using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kickstarter.Silo.Health;

/// <summary>Ready once this silo is an active member of its cluster and the host has started.</summary>
internal sealed class ClusterHealthCheck(
    ILocalSiloDetails local, IClusterMembershipService membership, SiloReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress);
        var data = new Dictionary<string, object>
        {
            ["silo"] = local.SiloAddress.ToParsableString(),
            ["status"] = status.ToString(),
            ["active_silos"] = membership.CurrentSnapshot.Members.Values.Count(member => member.Status == SiloStatus.Active),
        };
        var result = status == SiloStatus.Active && readiness.IsReady
            ? HealthCheckResult.Healthy("joined the cluster", data)
            : HealthCheckResult.Unhealthy($"not an active member yet ({status})", data: data);
        return Task.FromResult(result);
    }
}
