using System.Text.Json;
using Kickstarter.Connectors.Kafka.SchemaRegistry;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Serialization;
using Kickstarter.Silo.Configuration;
using Kickstarter.Silo.Hosting;
using Kickstarter.Silo.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kickstarter.UnitTests.Avro;

/// <summary>
/// Issue 12, "auto-registration in embedded mode, off by default against a real registry", through the Silo's own
/// path: command line, <see cref="SiloHost.Bind"/>, <see cref="KafkaSetup.ConnectAsync"/> (embedded Kafka, and the
/// embedded registry only when <c>SchemaRegistry:Url</c> is empty), <see cref="SiloSetup.Configure"/> on a built (not
/// started) host, and the <see cref="PipelineSerdes"/> the jobs and the generator are given. An embedded registry
/// started by the test stands in for a real one: the silo knows it only by URL. What the registry holds afterwards is
/// read over its REST API (<c>GET /subjects</c>).
/// </summary>
public sealed class SchemaAutoRegistrationTests
{
    private static readonly FlyerStats Stats = new("ABCDE@email.com", 150, 1);

    [Fact]
    public async Task AgainstARegistryGivenByUrlAnUnregisteredSubjectFailsAndNothingIsRegistered()
    {
        await using var external = await EmbeddedSchemaRegistry.StartAsync();

        await using var silo = await SiloSerdes.StartAsync($"--SchemaRegistry:Url={external.Url}");

        Assert.False(silo.Endpoint.IsEmbedded);
        Assert.Equal(external.Url, silo.Endpoint.Url);
        var error = Assert.Throws<InvalidOperationException>(() => silo.Serdes.Serialize(Topics.FlyerStats, AvroRecords.FlyerStats, Stats));
        Assert.Contains($"Subject '{Topics.FlyerStats}-value' has no schema kickstarter.model.FlyerStatsAvroData", error.Message);
        Assert.Contains("40401", error.Message);
        Assert.Contains("SchemaRegistry:AutoRegisterSchemas", error.Message);
        Assert.Empty(await SubjectsAsync(external.Url));
    }

    [Fact]
    public async Task WithTheEmbeddedRegistryTheSubjectIsRegisteredOnFirstUse()
    {
        await using var silo = await SiloSerdes.StartAsync();

        Assert.True(silo.Endpoint.IsEmbedded);
        Assert.Empty(await SubjectsAsync(silo.Endpoint.Url));
        var bytes = silo.Serdes.Serialize(Topics.FlyerStats, AvroRecords.FlyerStats, Stats);

        Assert.Equal(0, bytes[0]);
        Assert.Equal([$"{Topics.FlyerStats}-value"], await SubjectsAsync(silo.Endpoint.Url));
    }

    [Fact]
    public async Task AgainstARegistryGivenByUrlTheSettingTurnsRegistrationOn()
    {
        await using var external = await EmbeddedSchemaRegistry.StartAsync();

        await using var silo = await SiloSerdes.StartAsync($"--SchemaRegistry:Url={external.Url}", "--SchemaRegistry:AutoRegisterSchemas=true");
        silo.Serdes.Serialize(Topics.FlyerStats, AvroRecords.FlyerStats, Stats);

        Assert.Equal([$"{Topics.FlyerStats}-value"], await SubjectsAsync(external.Url));
    }

    [Fact]
    public async Task TheEmbeddedRegistrysAutoRegistrationCanBeTurnedOff()
    {
        await using var silo = await SiloSerdes.StartAsync("--SchemaRegistry:AutoRegisterSchemas=false");

        Assert.True(silo.Endpoint.IsEmbedded);
        var error = Assert.ThrowsAny<Exception>(() => silo.Serdes.Serialize(Topics.FlyerStats, AvroRecords.FlyerStats, Stats));
        Assert.Contains("SchemaRegistry:AutoRegisterSchemas", error.Message);
        Assert.Empty(await SubjectsAsync(silo.Endpoint.Url));
    }

    private static async Task<List<string>> SubjectsAsync(string registryUrl)
    {
        using var http = new HttpClient();
        var json = await http.GetStringAsync(new Uri(registryUrl + "/subjects"));
        return JsonSerializer.Deserialize<List<string>>(json)!;
    }

    /// <summary>The serdes a silo started with these arguments would use, and what it connected to.</summary>
    private sealed class SiloSerdes : IAsyncDisposable
    {
        private readonly KafkaSetupResult _setup;
        private readonly IHost _host;

        private SiloSerdes(KafkaSetupResult setup, IHost host)
        {
            _setup = setup;
            _host = host;
        }

        public SchemaRegistryEndpoint Endpoint => _setup.SchemaRegistry;

        public PipelineSerdes Serdes => _host.Services.GetRequiredService<PipelineSerdes>();

        public static async Task<SiloSerdes> StartAsync(params string[] args)
        {
            var warehouse = Path.Combine(Path.GetTempPath(), "ks-autoreg-" + Guid.NewGuid().ToString("N"));
            var configuration = new ConfigurationBuilder()
                .AddCommandLine(CommandLine.Normalize([.. args, $"--Iceberg:Warehouse={warehouse}"]))
                .Build();
            var settings = SiloHost.Bind(configuration);
            StartupValidation.Validate(settings);
            var setup = await KafkaSetup.ConnectAsync(settings.Kafka, settings.SchemaRegistry);
            var builder = Host.CreateApplicationBuilder();
            builder.UseOrleans(silo => SiloSetup.Configure(silo, settings, setup.Connection, setup.SchemaRegistry, configuration));
            return new SiloSerdes(setup, builder.Build());
        }

        public async ValueTask DisposeAsync()
        {
            _host.Dispose();
            _setup.Embedded?.Dispose();
            if (_setup.Registry is not null)
            {
                await _setup.Registry.DisposeAsync();
            }
        }
    }
}
