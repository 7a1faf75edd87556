using Kickstarter.Grains.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Kickstarter.Silo.Telemetry;

/// <summary>
/// OpenTelemetry for the silo: metrics (ours, Orleans', the runtime's and the process's) on a Prometheus scrape
/// endpoint, traces and logs through OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Every other knob is the
/// standard <c>OTEL_*</c> setting the SDK reads itself (<c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>,
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_TRACES_SAMPLER</c>, ...).
/// </summary>
public static class TelemetrySetup
{
    /// <summary>The scrape endpoint's path on the silo's Kestrel.</summary>
    public const string ScrapePath = "/metrics";

    /// <summary>The activity source of the pipeline's spans (generator produce, receive, grain, epoch, commit).</summary>
    public const string ActivitySourceName = PipelineTracing.SourceName;

    /// <summary>The service name when <c>OTEL_SERVICE_NAME</c> is not set.</summary>
    public const string DefaultServiceName = "kickstarter-silo";

    /// <summary>Orleans 10's meter and activity sources.</summary>
    private static readonly string[] OrleansMeters = ["Microsoft.Orleans"];
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>Whether the standard OTLP endpoint setting is present (then traces, metrics and logs go there too).</summary>
    public static bool OtlpEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static void AddKickstarterTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = OtlpEnabled(builder.Configuration);

        // Console and OTLP log records carry the trace and span ids of the activity they were written in.
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME, when set, names the service (the SDK's environment detector reads it).
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(serviceName: DefaultServiceName);
                }
            })
            .WithMetrics(metrics => metrics
                .AddMeter(PipelineMetrics.MeterName)
                .AddMeter(OrleansMeters)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(ActivitySourceName)
                .AddSource(OrleansSources)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => context.Request.Path != ScrapePath));
        if (otlp)
        {
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            });

            // UseOtlpExporter reads OTEL_EXPORTER_OTLP_* itself: endpoint, protocol, headers, timeouts.
            telemetry.UseOtlpExporter();
        }
    }

    public static void MapKickstarterTelemetry(this WebApplication app) => app.MapPrometheusScrapingEndpoint(ScrapePath);
}
