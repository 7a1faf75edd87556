using Kickstarter.Connectors.Kafka.Streams;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kickstarter.Silo.Health;

/// <summary>
/// Ready when every topic-partition Orleans gave this silo has a receiver that has its start position and reads (or
/// when there is none to own: a silo may hold no queue). A receiver whose committer cannot answer yet keeps retrying;
/// until it reads, its partition is nobody's, and this silo is not ready.
/// </summary>
internal sealed class KafkaHealthCheck : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (owned, waiting) = KafkaReceiverOwnership.Current();
        var data = new Dictionary<string, object> { ["owned"] = owned, ["waiting"] = waiting };
        var result = waiting.Count == 0
            ? HealthCheckResult.Healthy($"{owned.Count} partitions read here", data)
            : HealthCheckResult.Unhealthy($"{waiting.Count} partitions given to this silo are not read yet", data: data);
        return Task.FromResult(result);
    }
}
