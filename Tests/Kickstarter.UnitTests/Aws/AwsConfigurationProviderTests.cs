using Kickstarter.Silo.Configuration;
using Kickstarter.Silo.Configuration.Aws;
using Kickstarter.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Kickstarter.UnitTests.Aws;

/// <summary>The AWS configuration provider with the real AWS SDK against an SSM JSON 1.1 stand-in.</summary>
public sealed class AwsConfigurationProviderTests : IAsyncDisposable
{
    private readonly SsmServer _ssm = SsmServer.Start();
    private readonly ConfluentCloudAccount _account;

    public AwsConfigurationProviderTests() => _account = new ConfluentCloudAccount(_ssm);

    public ValueTask DisposeAsync() => _ssm.DisposeAsync();

    private IConfigurationRoot Build() => new ConfigurationBuilder().Add(new AwsConfigurationSource(_account.Options)).Build();

    private string StartupFailure()
    {
        var failure = Assert.Throws<StartupException>(() => Build());
        Assert.DoesNotContain('\n', failure.Message);
        foreach (var secret in ConfluentCloudAccount.SecretValues)
        {
            Assert.DoesNotContain(secret, failure.ToString());
        }

        return failure.Message;
    }

    [Fact]
    public void LoadsBootstrapServersCredentialsAndRegistryFromTheOriginalsSecrets()
    {
        var configuration = Build();

        Assert.Equal("pkc-12345.us-east-1.aws.confluent.cloud:9092", configuration["Kafka:BootstrapServers"]);
        Assert.Equal(ConfluentCloudAccount.ApiKey, configuration["Kafka:Properties:sasl.username"]);
        Assert.Equal(ConfluentCloudAccount.ApiSecret, configuration["Kafka:Properties:sasl.password"]);
        Assert.Equal("https://psrc-abcde.us-east-2.aws.confluent.cloud", configuration["SchemaRegistry:Url"]);
        Assert.Equal(ConfluentCloudAccount.RegistryUserInfo, configuration["SchemaRegistry:BasicAuthUserInfo"]);
        Assert.Null(configuration["Kafka:Properties:sasl.jaas.config"]);
    }

    [Fact]
    public void SharedClientPropertiesGoToEveryClientAndTheRestToTheirRole()
    {
        var configuration = Build();

        Assert.Equal("SASL_SSL", configuration["Kafka:Properties:security.protocol"]);
        Assert.Equal("PLAIN", configuration["Kafka:Properties:sasl.mechanism"]);
        Assert.Equal("use_all_dns_ips", configuration["Kafka:Properties:client.dns.lookup"]);
        Assert.Equal("90000", configuration["Kafka:ConsumerProperties:session.timeout.ms"]);
        Assert.Equal("300000", configuration["Kafka:ConsumerProperties:max.poll.interval.ms"]);
        Assert.Equal("gzip", configuration["Kafka:ProducerProperties:compression.type"]);
        Assert.Equal("60000", configuration["Kafka:ProducerProperties:transaction.timeout.ms"]);
        Assert.Equal("all", configuration["Kafka:ProducerProperties:acks"]);
        // The pipeline owns offsets; Java-only and consumer request.timeout.ms have no librdkafka meaning.
        foreach (var dropped in new[] { "enable.auto.commit", "auto.commit.interval.ms", "auto.offset.reset",
            "basic.auth.credentials.source", "request.timeout.ms" })
        {
            Assert.Null(configuration[$"Kafka:ConsumerProperties:{dropped}"]);
            Assert.Null(configuration[$"Kafka:Properties:{dropped}"]);
        }
    }

    [Fact]
    public void ReadsSecretsDecryptedThroughTheSecretsManagerReferenceAndParametersRecursivelyEveryPage()
    {
        _ssm.PageLimit = 3; // 10 consumer parameters: four pages
        Build();

        var requests = _ssm.Requests;
        Assert.All(requests, r => Assert.True(r.Signed, "every request carries a SigV4 Authorization header"));
        var secretReads = requests.Where(r => r.Target == "AmazonSSM.GetParameter").ToList();
        Assert.Equal(
            [$"/aws/reference/secretsmanager/confluent_cloud_resource/{ConfluentCloudAccount.User}/kafka_cluster/java_client",
             $"/aws/reference/secretsmanager/confluent_cloud_resource/{ConfluentCloudAccount.User}/schema_registry_cluster/java_client"],
            secretReads.Select(r => r.NameOrPath));
        Assert.All(secretReads, r => Assert.True(r.WithDecryption));

        var consumerPages = requests.Where(
            r => r.Target == "AmazonSSM.GetParametersByPath" && r.NameOrPath == _account.Options.ConsumerParametersPath).ToList();
        Assert.Equal(4, consumerPages.Count);
        Assert.Null(consumerPages[0].NextToken);
        Assert.All(consumerPages.Skip(1), r => Assert.NotNull(r.NextToken));
        Assert.All(consumerPages, r => Assert.True(r.Recursive && r.WithDecryption));
    }

    [Fact]
    public void SecureStringParametersArriveDecrypted()
    {
        _ssm.PutParameter($"{_account.Options.ProducerParametersPath}/ssl.key.password", "key-password-Pp09", "SecureString");
        Assert.Equal("key-password-Pp09", Build()["Kafka:ProducerProperties:ssl.key.password"]);
    }

    [Fact]
    public void MissingSecretStopsStartUpNamingIt()
    {
        _ssm.DeleteSecret(_account.Options.KafkaSecretId);
        var message = StartupFailure();
        Assert.StartsWith($"Aws:ServiceAccountUser (--service-account-user) '{ConfluentCloudAccount.User}':", message);
        Assert.Contains($"'confluent_cloud_resource/{ConfluentCloudAccount.User}/kafka_cluster/java_client'", message);
        Assert.Contains("does not exist (ParameterNotFound)", message);
    }

    [Fact]
    public void MalformedSecretJsonStopsStartUpWithoutQuotingIt()
    {
        _ssm.PutSecret(_account.Options.SchemaRegistrySecretId, $"{{\"schema.registry.url\": \"https://x\", {ConfluentCloudAccount.ApiSecret}");
        var message = StartupFailure();
        Assert.Contains($"'confluent_cloud_resource/{ConfluentCloudAccount.User}/schema_registry_cluster/java_client'", message);
        Assert.Contains("is not valid JSON", message);
    }

    [Fact]
    public void SecretThatIsNotAnObjectStopsStartUp()
    {
        _ssm.PutSecret(_account.Options.KafkaSecretId, $"\"{ConfluentCloudAccount.ApiSecret}\"");
        var message = StartupFailure();
        Assert.Contains("is JSON but not an object (String)", message);
    }

    [Fact]
    public void AccessDeniedStopsStartUpNamingThePath()
    {
        _ssm.Fail(_account.Options.ProducerParametersPath, "AccessDeniedException");
        var message = StartupFailure();
        Assert.Contains($"the Parameter Store path '{_account.Options.ProducerParametersPath}'", message);
        Assert.Contains("access denied (AccessDeniedException", message);
    }

    [Fact]
    public void ThrottlingPastTheSdksRetriesStopsStartUpNamingTheSecret()
    {
        var reference = SsmServer.SecretReferencePrefix + _account.Options.KafkaSecretId;
        _ssm.Fail(reference, "ThrottlingException");
        var message = StartupFailure();
        Assert.Contains($"'{_account.Options.KafkaSecretId}'", message);
        Assert.Contains("kept throttling", message);
        Assert.True(_ssm.Requests.Count(r => r.NameOrPath == reference) > 1, "the SDK retries a throttled request before giving up");
    }

    [Fact]
    public void ThrottlingThatPassesWithinTheSdksRetriesIsNoFailure()
    {
        _ssm.Fail(_account.Options.ConsumerParametersPath, "ThrottlingException", times: 1);
        Assert.Equal("SASL_SSL", Build()["Kafka:Properties:security.protocol"]);
    }

    [Fact]
    public void EmptyParameterPathStopsStartUp()
    {
        var empty = new AwsConfigurationOptions
        {
            ServiceAccountUser = "nobody",
            ServiceUrl = _ssm.ServiceUrl,
            AccessKey = "a",
            SecretKey = "b",
        };
        _ssm.PutSecret(
            empty.KafkaSecretId,
            """{"bootstrap.servers":"b:9092","sasl.jaas.config":"org.apache.kafka.common.security.plain.PlainLoginModule"""
                + """ required username='u' password='p';"}""");
        _ssm.PutSecret(empty.SchemaRegistrySecretId, """{"schema.registry.url":"https://sr"}""");
        var failure = Assert.Throws<StartupException>(() => new ConfigurationBuilder().Add(new AwsConfigurationSource(empty)).Build());
        Assert.Contains("the Parameter Store path '/confluent_cloud_resource/nobody/consumer_kafka_client' holds no parameters", failure.Message);
    }

    [Fact]
    public void UnreachableEndpointStopsStartUpNamingTheSecret()
    {
        _account.Options.ServiceUrl = $"http://127.0.0.1:{FreePort.Next()}";
        _account.Options.RequestTimeout = TimeSpan.FromSeconds(2);
        var message = StartupFailure();
        Assert.Contains($"'{_account.Options.KafkaSecretId}'", message);
        Assert.Contains("could not be read", message);
    }

    [Fact]
    public async Task RefreshPublishesRotatedKeysToOptionsMonitorsAndFiresTheReloadToken()
    {
        var configuration = Build();
        var services = new ServiceCollection().AddOptions().Configure<KafkaOptions>(configuration.GetSection(KafkaOptions.Section)).BuildServiceProvider();
        var monitor = services.GetRequiredService<IOptionsMonitor<KafkaOptions>>();
        Assert.Equal(ConfluentCloudAccount.ApiSecret, monitor.CurrentValue.Properties["sasl.password"]);
        var reloads = 0;
        using var subscription = ChangeToken.OnChange(configuration.GetReloadToken, () => Interlocked.Increment(ref reloads));
        var provider = configuration.Providers.OfType<AwsConfigurationProvider>().Single();

        Assert.False(await provider.RefreshAsync(CancellationToken.None));
        Assert.Equal(0, reloads);

        _account.PutKafkaSecret("pkc-12345.us-east-1.aws.confluent.cloud:9092", ConfluentCloudAccount.RotatedApiKey, ConfluentCloudAccount.RotatedApiSecret);
        Assert.True(await provider.RefreshAsync(CancellationToken.None));

        Assert.Equal(1, reloads);
        Assert.Equal(2, provider.Version);
        Assert.Equal(ConfluentCloudAccount.RotatedApiKey, monitor.CurrentValue.Properties["sasl.username"]);
        Assert.Equal(ConfluentCloudAccount.RotatedApiSecret, monitor.CurrentValue.Properties["sasl.password"]);
    }

    [Fact]
    public async Task FailedRefreshKeepsTheLastGoodValuesAndNamesThePath()
    {
        var configuration = Build();
        var provider = configuration.Providers.OfType<AwsConfigurationProvider>().Single();
        _ssm.Fail(SsmServer.SecretReferencePrefix + _account.Options.KafkaSecretId, "AccessDeniedException");

        var failure = await Assert.ThrowsAsync<AwsConfigurationException>(() => provider.RefreshAsync(CancellationToken.None));

        Assert.Contains($"'{_account.Options.KafkaSecretId}'", failure.Message);
        Assert.Equal(ConfluentCloudAccount.ApiSecret, configuration["Kafka:Properties:sasl.password"]);
        Assert.Equal(1, provider.Version);
    }

    [Fact]
    public void CommandLineBeatsAwsAndAwsBeatsEnvironmentAndAppSettings()
    {
        var manager = new ConfigurationManager();
        manager.AddInMemoryCollection(
            new Dictionary<string, string?> { ["Kafka:Properties:security.protocol"] = "PLAINTEXT",
            ["Kafka:BootstrapServers"] = "env:9092" });
        manager.AddCommandLine(CommandLine.Normalize([
            "--service-account-user", ConfluentCloudAccount.User, $"--Aws:ServiceUrl={_ssm.ServiceUrl}", "--Aws:AccessKey=a", "--Aws:SecretKey=b",
            "--Kafka:Properties:client.dns.lookup=resolve_canonical_bootstrap_servers_only"]));

        Assert.NotNull(manager.AddConfluentCloudFromAws());

        Assert.Equal("SASL_SSL", manager["Kafka:Properties:security.protocol"]);
        Assert.Equal("pkc-12345.us-east-1.aws.confluent.cloud:9092", manager["Kafka:BootstrapServers"]);
        Assert.Equal("resolve_canonical_bootstrap_servers_only", manager["Kafka:Properties:client.dns.lookup"]);
    }

    [Fact]
    public void TheUserComesFromServiceAccountUserWhenNoSwitchIsGiven()
    {
        var manager = new ConfigurationManager();
        manager.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SERVICE_ACCOUNT_USER"] = ConfluentCloudAccount.User,
            ["Aws:ServiceUrl"] = _ssm.ServiceUrl,
            ["Aws:AccessKey"] = "a",
            ["Aws:SecretKey"] = "b",
        });

        var options = manager.AddConfluentCloudFromAws();

        Assert.Equal(ConfluentCloudAccount.User, options?.ServiceAccountUser);
        Assert.Equal(ConfluentCloudAccount.ApiKey, manager["Kafka:Properties:sasl.username"]);
    }

    [Fact]
    public void WithoutAUserNothingIsReadFromAws()
    {
        var manager = new ConfigurationManager();
        manager.AddInMemoryCollection(new Dictionary<string, string?> { ["Aws:ServiceUrl"] = _ssm.ServiceUrl });

        Assert.Null(manager.AddConfluentCloudFromAws());
        Assert.Empty(_ssm.Requests);
    }

    [Theory]
    [InlineData("--Aws:RefreshInterval=00:00:00", "Aws:RefreshInterval must be at least 00:00:01 (was 00:00:00).")]
    [InlineData("--Aws:ServiceUrl=not a url", "Aws:ServiceUrl must be an absolute URL (was 'not a url').")]
    [InlineData("--Aws:AccessKey=only-the-id", "Aws:AccessKey and Aws:SecretKey must be set together or both left empty.")]
    [InlineData(
        "--Aws:ParametersPrefix=confluent_cloud_resource",
        "Aws:ParametersPrefix must start with '/' as Parameter Store paths do (was 'confluent_cloud_resource').")]
    [InlineData("--Aws:RefreshInterval=soon", "Failed to convert configuration value")]
    public void BadAwsSettingsStopStartUpNamingTheSetting(string setting, string expected)
    {
        var manager = new ConfigurationManager();
        manager.AddCommandLine(CommandLine.Normalize(["--service-account-user=someone", setting]));

        var failure = Assert.Throws<StartupException>(() => manager.AddConfluentCloudFromAws());

        Assert.Contains(expected, failure.Message);
        Assert.Empty(_ssm.Requests);
    }

    [Fact]
    public void UserWithASlashIsRejected()
    {
        var manager = new ConfigurationManager();
        manager.AddCommandLine(CommandLine.Normalize(["--service-account-user", "a/b"]));
        var failure = Assert.Throws<StartupException>(() => manager.AddConfluentCloudFromAws());
        Assert.Equal("Aws:ServiceAccountUser (--service-account-user) must be one path segment without '/' or spaces (was 'a/b').", failure.Message);
    }

    [Fact]
    public void WithoutARegionAnywhereStartUpStopsNamingTheSetting()
    {
        Assert.Null(Environment.GetEnvironmentVariable("AWS_REGION"));
        Assert.Null(Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"));
        // The SDK's region chain ends at the EC2 instance metadata service: a test must not send traffic off loopback.
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        _account.Options.ServiceUrl = null;
        var message = StartupFailure();
        Assert.Contains("Aws:Region", message);
        Assert.Contains("AWS_REGION", message);
    }
}
