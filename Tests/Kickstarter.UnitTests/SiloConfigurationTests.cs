using Kickstarter.Silo.Configuration;
using Kickstarter.Silo.Generator;
using Kickstarter.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace Kickstarter.UnitTests;

public class SiloConfigurationTests
{
    private static SiloSettings Settings(params string[] args)
    {
        var config = new ConfigurationBuilder().AddCommandLine(CommandLine.Normalize(args)).Build();
        return SiloHost.Bind(config);
    }

    private static string Failure(params string[] args)
    {
        var settings = Settings(args);
        return Assert.Throws<StartupException>(() => StartupValidation.Validate(settings)).Message;
    }

    [Fact]
    public void ShortSwitchesBecomeSettings()
    {
        var warehouse = Path.Combine(Path.GetTempPath(), "ks-wh-" + Guid.NewGuid().ToString("N"));
        var s = Settings("--duration", "30s", "--warehouse", warehouse, "--http-port=9090", "--apps", "Generator,FlyerStats", "--Generator:Seed=42");
        Assert.Equal(TimeSpan.FromSeconds(30), s.Kickstarter.Duration);
        Assert.Equal(warehouse, s.Iceberg.Warehouse);
        Assert.Equal(9090, s.Http.Port);
        Assert.Equal(["Generator", "FlyerStats"], s.Kickstarter.Apps);
        Assert.Equal(42, s.Generator.Seed);
    }

    [Fact]
    public void DefaultsRunEverythingOnLoopback()
    {
        var s = Settings();
        Assert.Equal(JobNames.All, s.Kickstarter.EffectiveJobs);
        Assert.Equal("127.0.0.1", s.Http.BindAddress);
        Assert.Equal(8080, s.Http.Port);
        Assert.True(s.Kafka.IsEmbedded);
        Assert.Equal(StorageProvider.Memory, s.Storage.Provider);
        Assert.Equal(MembershipProvider.Localhost, s.Membership.Provider);
        Assert.Equal(8, s.Kafka.Partitions);
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("250ms", 250)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("00:00:10", 10_000)]
    public void DurationsParse(string text, long ms) => Assert.Equal(TimeSpan.FromMilliseconds(ms), CommandLine.ParseDuration(text));

    [Theory]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("0s")]
    public void BadDurationNamesTheSetting(string text) =>
        Assert.Contains("Kickstarter:Duration", Assert.Throws<StartupException>(() => CommandLine.ParseDuration(text)).Message);

    [Fact]
    public void NegativeRateNamesTheSetting() => Assert.Contains("Generator:RatePerSecond", Failure("--Generator:RatePerSecond=-5"));

    [Fact]
    public void NonNumericRateNamesTheSetting() =>
        Assert.Contains("Generator:RatePerSecond", Assert.Throws<StartupException>(() => Settings("--Generator:RatePerSecond=fast")).Message);

    [Fact]
    public void UnknownJobNamesTheSetting()
    {
        var message = Failure("--jobs", "Generator,Teleporter");
        Assert.Contains("Kickstarter:Jobs", message);
        Assert.Contains("Teleporter", message);
    }

    [Fact]
    public void UnknownJobUnderTheOldAppsNameNamesBothSettings()
    {
        var message = Failure("--apps", "Generator,Teleporter");
        Assert.Contains("Kickstarter:Apps", message);
        Assert.Contains("Teleporter", message);
    }

    [Fact]
    public void JobsSwitchSelectsTheJobs()
    {
        var settings = Settings("--jobs", "Consolidator, FlyerStats");
        Assert.Equal(["Consolidator", "FlyerStats"], settings.Kickstarter.EffectiveJobs);
        Assert.False(settings.Kickstarter.Runs(JobNames.Generator));
    }

    [Fact]
    public void OldAppsSettingStillSelectsJobs()
    {
        var settings = Settings("--Kickstarter:Apps:0=Generator");
        Assert.Equal(["Generator"], settings.Kickstarter.EffectiveJobs);
    }

    [Theory]
    [InlineData("Kickstarter:Apps")] // the old name, as older infra/k8s ConfigMaps set it
    [InlineData("Kickstarter:Jobs")]
    public void OneCommaSeparatedValueSelectsTheJobsAndLeavesTheGeneratorOut(string key)
    {
        // The binder alone ignores a plain value where a list is expected: such a silo ran every job, the Generator
        // included, and a silo joining a cluster added bookings of its own to the input.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [key] = "Consolidator,FlyerStats" })
            .Build();
        var settings = SiloHost.Bind(configuration);
        Assert.Equal(["Consolidator", "FlyerStats"], settings.Kickstarter.EffectiveJobs);
        Assert.False(settings.Kickstarter.Runs(JobNames.Generator));
    }

    [Fact]
    public void JobsListedUnderBothNamesAreAllSelected()
    {
        var settings = Settings("--jobs", "Consolidator", "--apps", "Generator");
        Assert.Equal(["Consolidator", "Generator"], settings.Kickstarter.EffectiveJobs);
    }

    [Fact]
    public void EmptyFlyerPoolNamesTheSetting() => Assert.Contains("Generator:FlyerPoolSize", Failure("--Generator:FlyerPoolSize=0"));

    [Fact]
    public void ZeroPartitionsNamesTheSetting() => Assert.Contains("Kafka:Partitions", Failure("--Kafka:Partitions=0"));

    [Fact]
    public void BadPortNamesTheSetting() => Assert.Contains("Http:Port", Failure("--http-port=70000"));

    [Fact]
    public void BadBindAddressNamesTheSetting() => Assert.Contains("Http:BindAddress", Failure("--Http:BindAddress=everywhere"));

    [Fact]
    public void UnknownStorageNamesTheSetting() =>
        Assert.Contains("Storage:Provider", Assert.Throws<StartupException>(() => Settings("--Storage:Provider=Floppy")).Message);

    [Fact]
    public void RedisMembershipWithoutConnectionNamesTheSetting() =>
        Assert.Contains("Membership:Redis", Failure("--Membership:Provider=Redis"));

    [Fact]
    public void UnknownMembershipProviderNamesTheSetting() =>
        Assert.Contains("Membership:Provider", Assert.Throws<StartupException>(() => Settings("--Membership:Provider=Zookeeper")).Message);

    [Theory]
    [InlineData("--Orleans:Clustering=Redis", "Membership:Provider")]
    [InlineData("--Orleans:Clustering=Localhost", "Membership:Provider")]
    [InlineData("--Orleans:Redis=redis:6379", "Membership:Redis")]
    public void RetiredClusteringKeysNameTheirReplacement(string argument, string replacement)
    {
        var config = new ConfigurationBuilder().AddCommandLine(CommandLine.Normalize([argument])).Build();
        var message = Assert.Throws<StartupException>(() => StartupValidation.RejectRetiredSettings(config)).Message;
        Assert.Contains(argument[2..argument.IndexOf('=')], message);
        Assert.Contains(replacement, message);
    }

    [Fact]
    public void OrleansOwnClusteringSectionIsNotRetired()
    {
        var config = new ConfigurationBuilder()
            .AddCommandLine(["--Orleans:Clustering:ProviderType=Redis", "--Orleans:Clustering:ConnectionString=redis:6379"]).Build();
        StartupValidation.RejectRetiredSettings(config);
        Assert.Equal("Redis", config["Orleans:Clustering:ProviderType"]);
    }

    [Fact]
    public void DynamoDBStorageRulesAreNamedByTheirConfigurationPath()
    {
        var message = Failure("--Storage:Provider=DynamoDB", "--Storage:DynamoDB:ServiceUrl=ftp://dynamo", "--Storage:DynamoDB:TableName=x");
        Assert.Contains("Storage:DynamoDB:ServiceUrl must be an absolute http or https URL", message);
        Assert.Contains("Storage:DynamoDB:TableName must be at least 3 characters", message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void EmptyDynamoDBServiceUrlMeansTheAwsEndpoint()
    {
        // Kubernetes ConfigMaps and ECS task definitions often carry an empty value rather than no value.
        var settings = Settings("--Storage:Provider=DynamoDB", "--Storage:DynamoDB:ServiceUrl=");
        StartupValidation.Validate(settings);
        Assert.Null(settings.Storage.DynamoDB.ServiceUrl);
    }

    [Fact]
    public void DynamoDBRulesAreNotCheckedForMemoryStorage() =>
        StartupValidation.Validate(Settings("--Storage:DynamoDB:ServiceUrl=ftp://dynamo"));

    [Fact]
    public void UnwritableWarehouseNamesTheSetting()
    {
        // A path below a regular file can never be created, whoever runs the test (root included).
        var file = Path.GetTempFileName();
        try
        {
            Assert.Contains("Iceberg:Warehouse", Failure("--warehouse", Path.Combine(file, "warehouse")));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void UnsupportedWarehouseSchemeNamesTheSetting()
    {
        var message = Failure("--warehouse", "gs://bucket/warehouse");
        Assert.Contains("Iceberg:Warehouse", message);
        Assert.Contains("unsupported scheme 'gs'", message);
    }

    [Fact]
    public void S3WarehouseIsNotTakenForALocalFolder()
    {
        // It used to become the folder ./s3:/bucket/wh; now it is a location and no local folder is made for it.
        var before = Directory.Exists(Path.GetFullPath("s3:"));
        StartupValidation.Validate(Settings("--warehouse", "s3://bucket/wh", "--Iceberg:Catalog:Type=DynamoDb"));
        Assert.False(!before && Directory.Exists(Path.GetFullPath("s3:")));
    }

    [Fact]
    public void HadoopCatalogOnS3PointsAtACatalogWithAtomicCommits()
    {
        var message = Failure("--warehouse", "s3://bucket/wh");
        Assert.Contains("Iceberg:Warehouse", message);
        Assert.Contains("Iceberg:Catalog:Type=DynamoDb or Rest", message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void S3WithARestCatalogIsAccepted() =>
        StartupValidation.Validate(Settings("--warehouse", "s3://bucket/wh", "--Iceberg:Catalog:Type=Rest"));

    [Fact]
    public void UnknownCatalogTypeNamesTheSetting() =>
        Assert.Contains("Iceberg:Catalog:Type", Assert.Throws<StartupException>(() => Settings("--Iceberg:Catalog:Type=Glue")).Message);

    [Fact]
    public void SeedAloneFixesTheStartTime()
    {
        var withSeed = new GeneratorOptions { Seed = 1 }.EffectiveStartTime(TimeProvider.System);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), withSeed);
    }
}
