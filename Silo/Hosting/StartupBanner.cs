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
            var http = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "(none)";
            LogBanner(
                kafka.IsEmbedded ? "embedded" : "external",
                kafka.BootstrapServers,
                registry.Url.Length == 0 ? "none: every topic is JSON" : registry.IsEmbedded ? "embedded" : "external",
                registry.Url.Length == 0 ? "-" : registry.Url,
                Path.GetFullPath(iceberg.Value.Warehouse),
                Tables.Namespace,
                http,
                string.Join(", ", kickstarter.Value.EffectiveJobs),
                storage.Value.Provider.ToString(),
                kickstarter.Value.Duration?.ToString() ?? "until Ctrl+C");
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message =
        "Kickstarter is running.\n" +
        "  Kafka ({KafkaKind}): {Bootstrap}   try: kcat -b {Bootstrap} -L\n" +
        "  Schema Registry ({RegistryKind}): {Registry}   try: curl {Registry}/subjects\n" +
        "  Iceberg warehouse: {Warehouse} (namespace {Namespace}, Hadoop layout)\n" +
        "  HTTP: {Http}   stats: {Http}/flyers/EMAIL/stats   flights: {Http}/flights/SUN123   dashboard: {Http}/dashboard\n" +
        "  Jobs: {Jobs}   grain state: {Storage}   runs: {Duration}")]
    private partial void LogBanner(
        string kafkaKind, string bootstrap, string registryKind, string registry, string warehouse, string @namespace,
        string http, string jobs, string storage, string duration);
}
