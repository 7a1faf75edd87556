using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Silo.Configuration;
using Kickstarter.Silo.Kafka;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kickstarter.Silo.Hosting;

/// <summary>The first lines a user reads: where Kafka, the warehouse, the stats API and the dashboard are.</summary>
internal sealed partial class StartupBanner(
    KafkaConnection kafka,
    SchemaRegistryEndpoint registry,
    IOptions<KickstarterOptions> kickstarter,
    IOptions<IcebergOptions> iceberg,
    IOptions<StorageOptions> storage,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            // The arguments are worked out only when the banner is written (the analyzer, CA1873, does not see this
            // guard through the generated method, hence the locals).
            if (logger.IsEnabled(LogLevel.Information))
            {
                var http = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "(none)";
                var catalog = iceberg.Value.Catalog.Type.ToString();
                var jobs = string.Join(", ", kickstarter.Value.EffectiveJobs);
                var grainState = storage.Value.Provider.ToString();
                var duration = kickstarter.Value.Duration?.ToString() ?? "until Ctrl+C";
                LogBanner(
                    kafka.IsEmbedded ? "embedded" : "external",
                    kafka.BootstrapServers,
                    registry.Url.Length == 0 ? "none: every topic is JSON" : registry.IsEmbedded ? "embedded" : "external",
                    registry.Url.Length == 0 ? "-" : registry.Url,
                    // A local warehouse as the folder a user opens; an s3:// one as the URI it is (never a local folder).
                    WarehouseLocation.Problem(iceberg.Value.Warehouse) is null && WarehouseLocation.IsLocal(iceberg.Value.Warehouse)
                        ? LocalFileIO.ToPath(WarehouseLocation.ToLocation(iceberg.Value.Warehouse))
                        : iceberg.Value.Warehouse,
                    Tables.Namespace,
                    catalog,
                    http,
                    jobs,
                    grainState,
                    duration);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message =
        "Kickstarter is running.\n" +
        "  Kafka ({KafkaKind}): {Bootstrap}   try: kcat -b {Bootstrap} -L\n" +
        "  Schema Registry ({RegistryKind}): {Registry}   try: curl {Registry}/subjects\n" +
        "  Iceberg warehouse: {Warehouse} (namespace {Namespace}, {Catalog} catalog)\n" +
        "  HTTP: {Http}   stats: {Http}/flyers/EMAIL/stats   flights: {Http}/flights/SUN123   dashboard: {Http}/dashboard\n" +
        "  Jobs: {Jobs}   grain state: {Storage}   runs: {Duration}")]
    private partial void LogBanner(
        string kafkaKind, string bootstrap, string registryKind, string registry, string warehouse, string @namespace,
        string catalog, string http, string jobs, string storage, string duration);
}
