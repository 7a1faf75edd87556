using Kickstarter.Connectors.Iceberg.Hosting;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests.S3;

/// <summary>Every rule of the S3 options, the warehouse check and the resolver; messages name setting, rule and value.</summary>
public sealed class S3FileIOOptionsTests
{
    private const string Secret = "wJalrXUtnFEMI-secret-value";

    private static string SingleFailure(Action<S3FileIOOptions> adjust)
    {
        var options = new S3FileIOOptions();
        adjust(options);
        return Assert.Single(S3FileIOOptionsValidator.Check(options));
    }

    [Fact]
    public void DefaultsAreValid() => Assert.Empty(S3FileIOOptionsValidator.Check(new S3FileIOOptions()));

    [Theory]
    [InlineData("Region", "")]
    [InlineData("ServiceUrl", "ftp://127.0.0.1:1")]
    [InlineData("ServiceUrl", "not a url")]
    [InlineData("PartSizeBytes", "1048576")]
    [InlineData("PartSizeBytes", "6000000000")]
    [InlineData("MultipartThresholdBytes", "0")]
    [InlineData("MaxRetries", "-1")]
    [InlineData("MaxRetries", "21")]
    [InlineData("RequestTimeout", "00:00:00")]
    public void EachBrokenRuleNamesTheSettingAndTheValue(string setting, string value)
    {
        var message = SingleFailure(o =>
        {
            switch (setting)
            {
                case "Region": o.Region = value; break;
                case "ServiceUrl": o.ServiceUrl = value; break;
                case "PartSizeBytes": o.PartSizeBytes = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "MultipartThresholdBytes": o.MultipartThresholdBytes = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "MaxRetries": o.MaxRetries = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "RequestTimeout": o.RequestTimeout = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            }
        });

        Assert.StartsWith($"Iceberg:S3:{setting} must ", message, StringComparison.Ordinal);
        Assert.Contains($"got '{value}'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecretWithoutAnAccessKeyIsRefusedWithoutQuotingIt()
    {
        var message = SingleFailure(o => o.SecretKey = Secret);

        Assert.Contains("Iceberg:S3:AccessKey and Iceberg:S3:SecretKey must be set together", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheOptionsDescribeThemselvesWithoutTheKeys()
    {
        var text = new S3FileIOOptions { AccessKey = "AKIAEXAMPLEKEY", SecretKey = Secret }.ToString();

        Assert.Contains("Credentials = explicit (redacted)", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAEXAMPLEKEY", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheS3FileIORefusesInvalidOptionsWithTheSameMessage()
    {
        var error = Assert.Throws<ArgumentException>(() => new S3FileIO(new S3FileIOOptions { PartSizeBytes = 1 }));

        Assert.Contains("Iceberg:S3:PartSizeBytes must be between", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BoundConfigurationIsValidatedAndNamesTheSetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Iceberg:S3:Region"] = "eu-west-1",
            ["Iceberg:S3:PartSizeBytes"] = "1000",
            ["Iceberg:S3:SecretKey"] = Secret,
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddIcebergFileIO().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<S3FileIOOptions>>().Value);

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(
            error.Failures, f =>
            f.StartsWith("Iceberg:S3:PartSizeBytes must be between", StringComparison.Ordinal)
            && f.Contains("got '1000'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Iceberg:S3:AccessKey and Iceberg:S3:SecretKey", StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BoundConfigurationReachesTheResolver()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Iceberg:S3:Region"] = "eu-west-1",
            ["Iceberg:S3:ForcePathStyle"] = "true",
            ["Iceberg:S3:MultipartThresholdBytes"] = "10485760",
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddIcebergFileIO().BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<S3FileIOOptions>>().Value;
        var resolver = services.GetRequiredService<FileIOResolver>();

        Assert.Equal("eu-west-1", options.Region);
        Assert.True(options.ForcePathStyle);
        Assert.Equal(10L * 1024 * 1024, options.MultipartThresholdBytes);
        Assert.IsType<S3FileIO>(resolver.Resolve("s3://bucket/warehouse"));
    }

    [Theory]
    [InlineData("/data/warehouse")]
    [InlineData("./warehouse")]
    [InlineData("warehouse")]
    [InlineData("file:///data/warehouse")]
    public void LocalWarehousesResolveToLocalFiles(string warehouse)
    {
        using var resolver = new FileIOResolver();

        Assert.Null(WarehouseLocation.Problem(warehouse));
        Assert.IsType<LocalFileIO>(resolver.Resolve(warehouse));
        Assert.StartsWith("file:///", WarehouseLocation.ToLocation(warehouse), StringComparison.Ordinal);
    }

    [Fact]
    public void AnS3WarehouseResolvesToOneSharedS3FileIO()
    {
        using var resolver = new FileIOResolver(new S3FileIOOptions { ServiceUrl = "http://127.0.0.1:9", ForcePathStyle = true });

        var first = resolver.Resolve("s3://bucket/warehouse");

        Assert.IsType<S3FileIO>(first);
        Assert.Same(first, resolver.Resolve("s3://other/x.parquet"));
        Assert.Equal("s3://bucket/warehouse", WarehouseLocation.ToLocation("s3://bucket/warehouse"));
    }

    [Theory]
    [InlineData("ftp://host/warehouse", "the unsupported scheme 'ftp'")]
    [InlineData("gs://bucket/warehouse", "the unsupported scheme 'gs'")]
    [InlineData("s3:///warehouse", "must name a bucket")]
    [InlineData("", "must be set")]
    public void AnUnusableWarehouseGivesOneMessageNamingTheSetting(string warehouse, string rule)
    {
        using var resolver = new FileIOResolver();

        var problem = WarehouseLocation.Problem(warehouse);
        var error = Assert.Throws<ArgumentException>(() => resolver.Resolve(warehouse));

        Assert.NotNull(problem);
        Assert.StartsWith("Iceberg:Warehouse ", problem, StringComparison.Ordinal);
        Assert.Contains(rule, problem, StringComparison.Ordinal);
        Assert.Contains($"got '{warehouse}'", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
        Assert.StartsWith(problem, error.Message, StringComparison.Ordinal);
    }
}
