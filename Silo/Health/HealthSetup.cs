using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kickstarter.Silo.Health;

/// <summary>
/// The silo's probes on ASP.NET Core health checks: <c>/health/live</c> (thread pool) and <c>/health/ready</c>
/// (cluster, kafka, storage, epochs), each answering 200 or 503 with a JSON body naming every check.
/// </summary>
public static class HealthSetup
{
    public static IServiceCollection AddKickstarterHealth(this IServiceCollection services)
    {
        services.AddSingleton<SiloReadiness>();

        // AddCheck<T> builds a new T per probe unless T is registered: the epochs check remembers when it last saw each
        // job's epoch move, so it must live as long as the silo (a fresh instance per probe would always say healthy).
        services.AddSingleton<EpochHealthCheck>();
        services.AddHealthChecks()
            .AddCheck("threadpool", new ThreadPoolHealthCheck(), tags: [HealthTags.Live])
            .AddCheck<ClusterHealthCheck>("cluster", tags: [HealthTags.Ready])
            .AddCheck<KafkaHealthCheck>("kafka", tags: [HealthTags.Ready])
            .AddCheck<StorageHealthCheck>("storage", tags: [HealthTags.Ready])
            .AddCheck<EpochHealthCheck>("epochs", tags: [HealthTags.Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapKickstarterHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", Options(HealthTags.Live));
        app.MapHealthChecks("/health/ready", Options(HealthTags.Ready));
        return app;
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = WriteJsonAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    /// <summary>
    /// <c>{"status":"Healthy","checks":{"kafka":{"status":..,"description":..,"data":{..}},..}}</c>. Exception texts
    /// are left out (they can carry endpoints or request ids); each check's description says what failed.
    /// </summary>
    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString(),
                    description = entry.Value.Description,
                    duration_ms = Math.Round(entry.Value.Duration.TotalMilliseconds, 1),
                    data = entry.Value.Data,
                }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
