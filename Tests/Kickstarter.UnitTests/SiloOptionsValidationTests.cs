using Kickstarter.Silo.Configuration;
using Kickstarter.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kickstarter.UnitTests;

/// <summary>
/// Every rule of the silo's options validators, seen both ways it runs: on the settings bound before the host is built
/// (<see cref="StartupValidation.Validate"/>) and through <c>ValidateOnStart</c> when a host registered with
/// <see cref="SiloOptionsRegistration.AddSiloOptions"/> starts. Each message names the setting, the rule and the value.
/// </summary>
public class SiloOptionsValidationTests
{
    public static TheoryData<string, string> Rules => new()
    {
        { "--Kickstarter:Duration=-00:00:05", "Kickstarter:Duration must be positive (was -00:00:05)." },
        { "--jobs=Teleporter", "Kickstarter:Jobs (old name Kickstarter:Apps) has unknown job(s) 'Teleporter'" },
        { "--Generator:RatePerSecond=0", "Generator:RatePerSecond must be a positive number (was 0)." },
        { "--Generator:FlyerPoolSize=0", "Generator:FlyerPoolSize must be at least 1 (was 0)." },
        { "--Generator:Count=0", "Generator:Count must be at least 1 when set (was 0)." },
        { "--Kafka:Partitions=0", "Kafka:Partitions must be at least 1 (was 0)." },
        { "--Kafka:EmbeddedBrokers=10", "Kafka:EmbeddedBrokers must be between 1 and 9 (was 10)." },
        {
            "--Kafka:ConsumerProperties:enable.auto.commit=true",
            "Kafka:ConsumerProperties:enable.auto.commit must not be set: the Kafka stream provider owns it (offsets come from the " +
                "committer's checkpoints) (was 'true')."
        },
        { "--Kafka:Properties:auto.offset.reset=latest", "Kafka:Properties:auto.offset.reset must not be set: the Kafka stream provider owns it" },
        { "--http-port=70000", "Http:Port (--http-port) must be between 0 and 65535 (was 70000)." },
        { "--Http:BindAddress=everywhere", "Http:BindAddress must be an IP address (was 'everywhere')." },
        { "--Membership:Provider=Redis", "Membership:Redis must be set when Membership:Provider is Redis (was empty)." },
        { "--Orleans:SiloPort=0", "Orleans:SiloPort must be between 1 and 65535 (was 0)." },
        { "--Orleans:GatewayPort=70000", "Orleans:GatewayPort must be between 1 and 65535 (was 70000)." },
        { "--Orleans:AdvertisedIPAddress=somewhere", "Orleans:AdvertisedIPAddress (or POD_IP) must be an IP address (was 'somewhere')." },
        { "--Orleans:ClusterId=", "Orleans:ClusterId must not be empty (was empty)." },
        { "--Orleans:ServiceId=", "Orleans:ServiceId must not be empty (was empty)." },
        { "--warehouse=gs://bucket/warehouse", "Iceberg:Warehouse has the unsupported scheme 'gs'" },
        { "--warehouse=s3://bucket/warehouse", "(Iceberg:Catalog:Type=Hadoop, the default): set Iceberg:Catalog:Type=DynamoDb or Rest." },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void RuleStopsStartBeforeTheHostIsBuilt(string argument, string message)
    {
        var settings = SiloHost.Bind(Configuration(argument));
        var failure = Assert.Throws<StartupException>(() => StartupValidation.Validate(settings)).Message;
        Assert.Contains(message, failure);
        Assert.DoesNotContain('\n', failure);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task SameRuleStopsAHostThatRegisteredTheOptions(string argument, string message)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        // As the silo adds it: a chained configuration would hide empty values ("--Orleans:ClusterId=").
        builder.Configuration.AddCommandLine(CommandLine.Normalize([argument]));
        builder.Services.AddSiloOptions();
        using var host = builder.Build();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        // The silo's Program turns this into its one-line message (exit code 2) the same way.
        var line = StartupFailure.Describe(error);
        Assert.NotNull(line);
        Assert.Contains(message, line);
        await host.StopAsync();
    }

    [Fact]
    public void DynamoDBRuleQuotesTheValue() =>
        Assert.Contains(
            "Storage:DynamoDB:TableName must be at least 3 characters (was 'x').",
            Failure("--Storage:Provider=DynamoDB", "--Storage:DynamoDB:TableName=x"));

    [Fact]
    public void DynamoDBCredentialRuleNeverQuotesTheKey()
    {
        var message = Failure("--Storage:Provider=DynamoDB", "--Storage:DynamoDB:SecretKey=wJalrXUtnFEMI-not-a-real-key");
        Assert.Contains("Storage:DynamoDB:AccessKey and Storage:DynamoDB:SecretKey must be set together", message);
        Assert.DoesNotContain("wJalrXUtnFEMI", message);
    }

    [Fact]
    public void OneCommaSeparatedJobsValueIsReadThroughTheRegisteredOptionsToo()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("Kickstarter:Apps", "Consolidator,FlyerStats")]);
        builder.Services.AddSiloOptions();
        using var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptions<KickstarterOptions>>().Value;
        Assert.Equal(["Consolidator", "FlyerStats"], options.EffectiveJobs);
    }

    [Fact]
    public void ValidSettingsPassBothWays()
    {
        var warehouse = Path.Combine(Path.GetTempPath(), "ks-wh-" + Guid.NewGuid().ToString("N"));
        var configuration = Configuration("--Http:Port=0", "--warehouse", warehouse);
        StartupValidation.Validate(SiloHost.Bind(configuration));
        Assert.Empty(SiloOptionsRegistration.Failures(SiloHost.Bind(configuration)));
        Directory.Delete(warehouse, recursive: true);
    }

    private static string Failure(params string[] args)
    {
        var settings = SiloHost.Bind(Configuration(args));
        return Assert.Throws<StartupException>(() => StartupValidation.Validate(settings)).Message;
    }

    private static IConfigurationRoot Configuration(params string[] args) =>
        new ConfigurationBuilder().AddCommandLine(CommandLine.Normalize(args)).Build();
}
