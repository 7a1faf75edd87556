using Kickstarter.Grains.Hosting;
using Kickstarter.Grains.Jobs.Consolidator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kickstarter.UnitTests;

/// <summary>
/// The jobs' own settings (<c>AddKickstarterJobs</c>) are checked when the host starts, like every other option: one
/// message per broken setting, naming it, the rule and the value.
/// </summary>
public sealed class JobsOptionsValidatorTests
{
    private static readonly (string Key, string Value)[] Valid =
    [
        ("Kafka:BootstrapServers", "127.0.0.1:9092"),
        ("Kafka:Format", "Json"),
    ];

    // The test's settings are laid over the valid ones, as a later configuration source would.
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) => new ConfigurationBuilder()
        .AddInMemoryCollection(Valid.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)))
        .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)))
        .Build();

    private static IEnumerable<string> Failures(params (string Key, string Value)[] settings) =>
        new JobsOptionsValidator().Validate(null, JobsOptions.FromConfiguration(Configuration(settings))).Failures ?? [];

    [Fact]
    public void ValidSettingsPass() => Assert.Empty(Failures());

    [Fact]
    public void MissingBootstrapServersIsNamed() =>
        Assert.Equal(["Kafka:BootstrapServers is required for the Kickstarter jobs (was empty)."], Failures(("Kafka:BootstrapServers", " ")));

    [Fact]
    public void AFormatThatIsNoFormatIsNamedWithItsValue() =>
        Assert.Equal(
            ["Kafka:TopicFormats:airline.flight must be Avro or Json (was 'Protobuf')."],
            Failures(("Kafka:TopicFormats:airline.flight", "Protobuf")));

    [Fact]
    public void AvroWithoutASchemaRegistryIsNamed() =>
        Assert.Equal(
            ["SchemaRegistry:Url is required when Kafka:Format or a Kafka:TopicFormats entry is Avro (was empty)."],
            Failures(("Kafka:Format", "Avro")));

    [Fact]
    public void HadoopCatalogOnS3IsRefusedNamingTheSettings()
    {
        var failure = Assert.Single(Failures(("Iceberg:Warehouse", "s3://bucket/wh")));
        Assert.StartsWith("Iceberg:Warehouse 's3://bucket/wh' is on S3", failure);
        Assert.Contains("Iceberg:Catalog:Type=DynamoDb or Rest", failure);
    }

    [Fact]
    public void UnknownWarehouseSchemeIsRefusedNamingTheSetting()
    {
        var failure = Assert.Single(Failures(("Iceberg:Warehouse", "hdfs://namenode/wh"), ("Iceberg:Catalog:Type", "DynamoDb")));
        Assert.StartsWith("Iceberg:Warehouse has the unsupported scheme 'hdfs'", failure);
    }

    [Fact]
    public void AddKickstarterJobsStopsTheHostAtStartNamingTheSetting()
    {
        var configuration = Configuration(("Iceberg:Warehouse", "s3://bucket/wh"));
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddKickstarterJobs(configuration));
        using var host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(typeof(JobsOptions), error.OptionsType);
        Assert.StartsWith("Iceberg:Warehouse 's3://bucket/wh' is on S3", Assert.Single(error.Failures));
    }

    [Fact]
    public void AddKickstarterJobsWithValidSettingsPassesTheStartCheck()
    {
        var configuration = Configuration(("Iceberg:Warehouse", Path.Combine(Path.GetTempPath(), "ks-jobs-" + Guid.NewGuid().ToString("N"))));
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddKickstarterJobs(configuration));
        using var host = builder.Build();

        host.Services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal("127.0.0.1:9092", host.Services.GetRequiredService<IOptions<JobsOptions>>().Value.BootstrapServers);
        Assert.NotNull(host.Services.GetRequiredService<IOptionsMonitor<Kickstarter.Connectors.Kafka.Options.KafkaStreamOptions>>()
            .Get(ConsolidatorJob.Definition.StreamProvider));
    }
}
