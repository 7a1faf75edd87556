using Kickstarter.Grains.Interfaces.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Storage;

namespace Kickstarter.Silo.Health;

/// <summary>
/// Ready when the pipeline's grain storage answers a read (DynamoDB: one GetItem of an item that never exists;
/// memory: a call to its storage grain) within <see cref="Timeout"/>.
/// </summary>
internal sealed class StorageHealthCheck(IServiceProvider services) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static readonly GrainId Probe = GrainId.Create("kickstarter-health", "probe");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var storage = services.GetRequiredKeyedService<IGrainStorage>(ProviderNames.PipelineStorage);
        var data = new Dictionary<string, object> { ["provider"] = storage.GetType().Name };
        try
        {
            await storage.ReadStateAsync("health", Probe, new GrainState<HealthProbe>()).WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy("grain storage answers", data);
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"grain storage did not answer within {Timeout.TotalSeconds:0} s", data: data);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The type only: an AWS message may carry a request id, never a secret, but keep the probe's text short.
            return HealthCheckResult.Unhealthy($"grain storage failed: {ex.GetType().Name}", data: data);
        }
    }

    /// <summary>The shape the probe reads into; it is never written.</summary>
    [GenerateSerializer]
    internal sealed class HealthProbe
    {
    }
}
