using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Kickstarter.Connectors.DynamoDB.Tests.Options;

public sealed class OptionsValidationTests
{
    private const string Provider = "x";

    public static TheoryData<string, Action<DynamoDBStorageOptions>, string> BrokenOptions => new()
    {
        { "short table name", o => o.TableName = "ab", "TableName must be at least 3 characters for the DynamoDB grain storage 'x' (was 'ab')." },
        { "empty table name", o => o.TableName = "", "TableName must be at least 3 characters for the DynamoDB grain storage 'x' (was '')." },
        { "long table name", o => o.TableName = new string('t', 256),
            $"TableName must be at most 255 characters for the DynamoDB grain storage 'x' (was '{new string('t', 256)}')." },
        { "table name characters", o => o.TableName = "grain state",
            "TableName may contain only letters, digits, '_', '-' and '.' for the DynamoDB grain storage 'x' (was 'grain state')." },
        { "empty region", o => o.Region = " ", "Region must not be empty for the DynamoDB grain storage 'x' (was ' ')." },
        { "relative service url", o => o.ServiceUrl = "localhost:4567",
            "ServiceUrl must be an absolute http or https URL when set for the DynamoDB grain storage 'x' (was 'localhost:4567')." },
        { "non-http service url", o => o.ServiceUrl = "ftp://127.0.0.1/",
            "ServiceUrl must be an absolute http or https URL when set for the DynamoDB grain storage 'x' (was 'ftp://127.0.0.1/')." },
        { "access key alone", o => o.AccessKey = "AKIAONLY",
            "AccessKey and SecretKey must be set together or both left empty for the DynamoDB grain storage 'x'." },
        { "secret key alone", o => o.SecretKey = "only-secret",
            "AccessKey and SecretKey must be set together or both left empty for the DynamoDB grain storage 'x'." },
        { "zero read capacity", o => { o.UseProvisionedThroughput = true; o.ReadCapacityUnits = 0; },
            "ReadCapacityUnits must be at least 1 when UseProvisionedThroughput is true for the DynamoDB grain storage 'x' (was 0)." },
        { "zero write capacity", o => { o.UseProvisionedThroughput = true; o.WriteCapacityUnits = 0; },
            "WriteCapacityUnits must be at least 1 when UseProvisionedThroughput is true for the DynamoDB grain storage 'x' (was 0)." },
        { "negative threshold", o => o.CompressionThresholdBytes = -1,
            "CompressionThresholdBytes must be at least 0 (0 disables compression) for the DynamoDB grain storage 'x' (was -1)." },
        { "negative retries", o => o.MaxRetries = -1, "MaxRetries must be between 0 and 20 for the DynamoDB grain storage 'x' (was -1)." },
        { "too many retries", o => o.MaxRetries = 21, "MaxRetries must be between 0 and 20 for the DynamoDB grain storage 'x' (was 21)." },
        { "zero retry delay", o => o.RetryBaseDelay = TimeSpan.Zero,
            "RetryBaseDelay must be greater than zero and at most 1 minute for the DynamoDB grain storage 'x' (was 00:00:00)." },
        { "huge retry delay", o => o.RetryBaseDelay = TimeSpan.FromMinutes(2),
            "RetryBaseDelay must be greater than zero and at most 1 minute for the DynamoDB grain storage 'x' (was 00:02:00)." },
        { "no serializer", o => o.GrainStorageSerializer = null!,
            "GrainStorageSerializer must be set (register an IGrainStorageSerializer) for the DynamoDB grain storage 'x'." },
    };

    [Theory]
    [MemberData(nameof(BrokenOptions))]
    public void EachBrokenSettingIsRejectedNamingPropertyRuleAndProvider(string _, Action<DynamoDBStorageOptions> breakIt, string expected)
    {
        var options = ValidOptions();
        breakIt(options);

        Assert.Equal([expected], Failures(options));
    }

    [Fact]
    public void DefaultsWithASerializerAreValid() => Assert.Empty(Failures(ValidOptions()));

    [Fact]
    public void AnotherProvidersOptionsAreLeftToItsOwnValidator()
    {
        var options = ValidOptions();
        options.TableName = "ab";

        Assert.True(new DynamoDBStorageOptionsValidator(Provider).Validate("other", options).Skipped);
    }

    [Fact]
    public void UnusedCapacityUnitsAreNotCheckedForOnDemandTables()
    {
        var options = ValidOptions();
        options.ReadCapacityUnits = 0;
        options.WriteCapacityUnits = 0;

        Assert.Empty(Failures(options));
    }

    [Fact]
    public void RegistrationValidatesTheNamedProviderAtStartUp()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IGrainStorageSerializer>(new UnusedSerializer());
        Orleans.Hosting.DynamoDBGrainStorageServiceCollectionExtensions.AddDynamoDBGrainStorage(services, "flights", o => o.TableName = "t");
        Orleans.Hosting.DynamoDBGrainStorageServiceCollectionExtensions.AddDynamoDBGrainStorage(services, "bookings", o => o.TableName = "Bookings");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(provider.GetRequiredService<IStartupValidator>().Validate);

        Assert.Equal("flights", error.OptionsName);
        Assert.Equal(["TableName must be at least 3 characters for the DynamoDB grain storage 'flights' (was 't')."], error.Failures);
    }

    [Fact]
    public void RegistrationFillsInTheDefaultStorageSerializer()
    {
        var serializer = new UnusedSerializer();
        var services = new ServiceCollection();
        services.AddSingleton<IGrainStorageSerializer>(serializer);
        Orleans.Hosting.DynamoDBGrainStorageServiceCollectionExtensions.AddDynamoDBGrainStorage(services, "flights", (DynamoDBStorageOptions _) => { });
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<DynamoDBStorageOptions>>().Get("flights");

        Assert.Same(serializer, options.GrainStorageSerializer);
    }

    [Fact]
    public void RegistrationAsDefaultUsesOrleansDefaultProviderName()
    {
        var services = new ServiceCollection();
        Orleans.Hosting.DynamoDBGrainStorageServiceCollectionExtensions.AddDynamoDBGrainStorageAsDefault(services, (DynamoDBStorageOptions _) => { });

        Assert.Contains(
            services, d =>
            d.ServiceType == typeof(IGrainStorage)
            && Equals(d.ServiceKey, Orleans.Providers.ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        Assert.Contains(services, d => d.ServiceType == typeof(IGrainStorage) && !d.IsKeyedService);
    }

    /// <summary>What the validator of the provider <see cref="Provider"/> says of <paramref name="options"/>.</summary>
    internal static IEnumerable<string> Failures(DynamoDBStorageOptions options) =>
        new DynamoDBStorageOptionsValidator(Provider).Validate(Provider, options).Failures ?? [];

    internal static DynamoDBStorageOptions ValidOptions() => new() { GrainStorageSerializer = new UnusedSerializer() };

    private sealed class UnusedSerializer : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => throw new NotSupportedException();

        public T Deserialize<T>(BinaryData input) => throw new NotSupportedException();
    }
}
