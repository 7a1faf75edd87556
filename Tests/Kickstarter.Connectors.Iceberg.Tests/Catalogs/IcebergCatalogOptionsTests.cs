using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;
using Kickstarter.Connectors.Iceberg.Catalog.Rest;
using Kickstarter.Connectors.Iceberg.Hosting;
using Kickstarter.Connectors.Iceberg.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs;

/// <summary>Catalog selection by configuration: every validation rule, secrets kept out of messages, and the factory.</summary>
public sealed class IcebergCatalogOptionsTests
{
    private const string Secret = "super-secret-value-123";

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddIcebergCatalog();
        return services.BuildServiceProvider();
    }

    private static string Failure(Dictionary<string, string?> settings)
    {
        using var provider = Services(settings);
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<IcebergCatalogOptions>>().Value);
        return string.Join("\n", error.Failures);
    }

    public static TheoryData<string, string, string, string> Rules => new()
    {
        // setting, value, expected text, type
        { "Iceberg:Catalog:Warehouse", "", "Iceberg:Catalog:Warehouse must not be empty for the Hadoop catalog (was '')", "Hadoop" },
        { "Iceberg:Catalog:Warehouse", "relative/path", "Iceberg:Catalog:Warehouse must be an absolute URI such as s3://bucket/warehouse", "DynamoDb" },
        { "Iceberg:Catalog:DynamoDb:TableName", "ab",
            "Iceberg:Catalog:DynamoDb:TableName must be 3 to 255 letters, digits, '_', '-' or '.' (was 'ab')", "DynamoDb" },
        { "Iceberg:Catalog:DynamoDb:TableName", "bad name!",
            "Iceberg:Catalog:DynamoDb:TableName must be 3 to 255 letters, digits, '_', '-' or '.' (was 'bad name!')", "DynamoDb" },
        { "Iceberg:Catalog:DynamoDb:Region", " ", "Iceberg:Catalog:DynamoDb:Region must not be empty", "DynamoDb" },
        { "Iceberg:Catalog:DynamoDb:ServiceUrl", "localhost:8000",
            "Iceberg:Catalog:DynamoDb:ServiceUrl must be an absolute http or https URL when set (was 'localhost:8000')", "DynamoDb" },
        { "Iceberg:Catalog:DynamoDb:AccessKey", Secret,
            "Iceberg:Catalog:DynamoDb:AccessKey and Iceberg:Catalog:DynamoDb:SecretKey must be set together", "DynamoDb" },
        { "Iceberg:Catalog:DynamoDb:MaxRetries", "21", "Iceberg:Catalog:DynamoDb:MaxRetries must be between 0 and 20 (was 21)", "DynamoDb" },
        { "Iceberg:Catalog:DynamoDb:RetryBaseDelay", "00:00:00",
            "Iceberg:Catalog:DynamoDb:RetryBaseDelay must be greater than zero and at most 1 minute (was 00:00:00)", "DynamoDb" },
        { "Iceberg:Catalog:DynamoDb:RequestTimeout", "00:10:00",
            "Iceberg:Catalog:DynamoDb:RequestTimeout must be greater than zero and at most 5 minutes (was 00:10:00)", "DynamoDb" },
        { "Iceberg:Catalog:Rest:Uri", "not a url", "Iceberg:Catalog:Rest:Uri must be an absolute http or https URL (was 'not a url')", "Rest" },
        { "Iceberg:Catalog:Rest:MaxRetries", "-1", "Iceberg:Catalog:Rest:MaxRetries must be between 0 and 20 (was -1)", "Rest" },
        { "Iceberg:Catalog:Rest:Token", Secret, "Iceberg:Catalog:Rest:Token is used only when Auth is None (Auth was 'SigV4'; value not shown)", "Rest" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void EachRuleNamesTheSettingTheRuleAndTheValue(string setting, string value, string expected, string type)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Iceberg:Catalog:Type"] = type,
            ["Iceberg:Catalog:Warehouse"] = "s3://bucket/warehouse",
            ["Iceberg:Catalog:Rest:Uri"] = "https://glue.eu-west-1.amazonaws.com/iceberg",
            ["Iceberg:Catalog:Rest:Auth"] = setting.EndsWith("Token", StringComparison.Ordinal) ? "SigV4" : "None",
            [setting] = value,
        };
        var message = Failure(settings);
        Assert.Contains(expected, message);
        Assert.DoesNotContain(Secret, message);
    }

    [Fact]
    public void OAuth2NeedsClientIdAndSecretAndSigV4NeedsPairedKeys()
    {
        var oauth = Failure(
            new() { ["Iceberg:Catalog:Type"] = "Rest", ["Iceberg:Catalog:Rest:Uri"] = "https://polaris.example/api/catalog",
            ["Iceberg:Catalog:Rest:Auth"] = "OAuth2" });
        Assert.Contains("Iceberg:Catalog:Rest:ClientId must be set when Auth is OAuth2", oauth);
        Assert.Contains("Iceberg:Catalog:Rest:ClientSecret must be set when Auth is OAuth2", oauth);

        var sigv4 = Failure(new()
        {
            ["Iceberg:Catalog:Type"] = "Rest",
            ["Iceberg:Catalog:Rest:Uri"] = "https://s3tables.us-east-1.amazonaws.com/iceberg",
            ["Iceberg:Catalog:Rest:Auth"] = "SigV4",
            ["Iceberg:Catalog:Rest:SigningName"] = "",
            ["Iceberg:Catalog:Rest:SecretKey"] = Secret,
        });
        Assert.Contains("Iceberg:Catalog:Rest:SigningName must be set when Auth is SigV4", sigv4);
        Assert.Contains("Iceberg:Catalog:Rest:AccessKey and Iceberg:Catalog:Rest:SecretKey must be set together", sigv4);
        Assert.DoesNotContain(Secret, sigv4);
    }

    [Fact]
    public void UnknownTypeFailsBinding()
    {
        using var provider = Services(new() { ["Iceberg:Catalog:Type"] = "Glue" });
        var error = Assert.ThrowsAny<InvalidOperationException>(() => provider.GetRequiredService<IOptions<IcebergCatalogOptions>>().Value);
        Assert.Contains("Glue", error.ToString());
    }

    [Theory]
    [InlineData("Hadoop", typeof(HadoopCatalog))]
    [InlineData("DynamoDb", typeof(DynamoDbCatalog))]
    [InlineData("Rest", typeof(RestCatalog))]
    public void FactoryBuildsTheConfiguredCatalog(string type, Type expected)
    {
        using var provider = Services(new()
        {
            ["Iceberg:Catalog:Type"] = type,
            ["Iceberg:Catalog:Warehouse"] = "file:///tmp/warehouse",
            ["Iceberg:Catalog:DynamoDb:ServiceUrl"] = "http://127.0.0.1:8000",
            ["Iceberg:Catalog:Rest:Uri"] = "http://127.0.0.1:8181",
        });
        Assert.IsType(expected, provider.GetRequiredService<ICatalog>());
    }

    [Fact]
    public void OptionsDescriptionsNeverShowSecrets()
    {
        var options = new IcebergCatalogOptions
        {
            Type = IcebergCatalogType.Rest,
            DynamoDb = { AccessKey = "AKIA" + Secret, SecretKey = Secret },
            Rest = { Uri = "https://x", ClientSecret = Secret, Token = Secret, SecretKey = Secret, SessionToken = Secret, AccessKey = "AKIA" + Secret },
        };
        Assert.DoesNotContain(Secret, options.ToString());
        options.Type = IcebergCatalogType.DynamoDb;
        Assert.DoesNotContain(Secret, options.ToString());
        Assert.DoesNotContain(Secret, options.Rest.ToString());
        Assert.DoesNotContain(Secret, options.DynamoDb.ToString());
        foreach (var property in new[] { typeof(RestCatalogOptions).GetProperty(nameof(RestCatalogOptions.ClientSecret))!,
            typeof(DynamoDbCatalogOptions).GetProperty(nameof(DynamoDbCatalogOptions.SecretKey))! })
        {
            Assert.NotNull(property.GetCustomAttributes(typeof(Orleans.RedactAttribute), inherit: true).SingleOrDefault());
        }
    }
}
