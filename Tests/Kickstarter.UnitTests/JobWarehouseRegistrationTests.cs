using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Options;
using Kickstarter.Grains.Hosting;
using Kickstarter.Grains.Sinks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kickstarter.UnitTests;

public class JobWarehouseRegistrationTests
{
    private static ServiceProvider Register(string warehouse, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)))
            .Build();
        var services = new ServiceCollection();
        JobWarehouseRegistration.Add(services, configuration, warehouse);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void DefaultIsTheHadoopCatalogOnLocalFilesUnderTheWarehouseFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ks-reg-" + Guid.NewGuid().ToString("N"));
        using var provider = Register(folder);
        var warehouse = provider.GetRequiredService<JobWarehouse>();
        Assert.IsType<HadoopCatalog>(warehouse.Catalog);
        Assert.IsType<LocalFileIO>(warehouse.Io);
        Assert.Equal(new Uri(Path.GetFullPath(folder)).AbsoluteUri, warehouse.Location);
    }

    [Fact]
    public void S3WarehouseWithTheDynamoDbCatalogUsesS3AndDynamoDb()
    {
        using var provider = Register("s3://bucket/wh",
            ("Iceberg:Catalog:Type", "DynamoDb"), ("Iceberg:Catalog:DynamoDb:ServiceUrl", "http://127.0.0.1:1"),
            ("Iceberg:S3:ServiceUrl", "http://127.0.0.1:1"), ("Iceberg:S3:ForcePathStyle", "true"));
        var warehouse = provider.GetRequiredService<JobWarehouse>();
        Assert.IsType<DynamoDbCatalog>(warehouse.Catalog);
        Assert.IsType<S3FileIO>(warehouse.Io);
        Assert.Equal("s3://bucket/wh", warehouse.Location);
    }

    [Fact]
    public void AWarehouseTheValidatorRefusesIsRegisteredWithoutBuildingAnything()
    {
        // JobsOptionsValidator stops the host at start (JobsOptionsValidatorTests); registering must not throw first.
        using var provider = Register("hdfs://namenode/wh", ("Iceberg:Catalog:Type", "DynamoDb"));
        Assert.Contains(provider.GetServices<IValidateOptions<IcebergCatalogOptions>>(), validator => validator is not null);
    }

    [Fact]
    public void BrokenS3SettingStopsTheHostNamingIt()
    {
        using var provider = Register("s3://bucket/wh", ("Iceberg:Catalog:Type", "DynamoDb"), ("Iceberg:S3:PartSizeBytes", "1"));
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<S3FileIOOptions>>().Value);
        Assert.Contains("Iceberg:S3:PartSizeBytes", error.Message);
    }
}
