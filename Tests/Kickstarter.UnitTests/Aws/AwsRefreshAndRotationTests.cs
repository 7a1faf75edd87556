using System.Globalization;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Silo.Configuration;
using Kickstarter.Silo.Configuration.Aws;
using Kickstarter.Silo.Kafka;
using Kickstarter.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kickstarter.UnitTests.Aws;

/// <summary>
/// Rotation end to end in one process: the refresher re-reads AWS on its interval, the configuration reloads, live
/// Kafka clients get the new SASL pair and new clients start with it; nothing secret reaches a log line.
/// </summary>
public sealed class AwsRefreshAndRotationTests : IAsyncDisposable
{
    private const string Topic = "rotation";
    private readonly SsmServer _ssm = SsmServer.Start();
    private readonly EmbeddedKafkaCluster _kafka = EmbeddedKafkaCluster.Start();
    private readonly ConfluentCloudAccount _account;
    private readonly CapturingLoggerProvider _logs = new();

    public AwsRefreshAndRotationTests()
    {
        _account = new ConfluentCloudAccount(_ssm, bootstrap: _kafka.BootstrapServers);
        _account.Options.RefreshInterval = TimeSpan.FromSeconds(1);
        // The embedded cluster speaks PLAINTEXT: librdkafka keeps the SASL pair but does not authenticate with it.
        _ssm.PutParameter($"{_account.Options.ConsumerParametersPath}/security.protocol", "PLAINTEXT");
        _ssm.PutParameter($"{_account.Options.ProducerParametersPath}/security.protocol", "PLAINTEXT");
        _kafka.CreateTopic(Topic, 1);
    }

    public async ValueTask DisposeAsync()
    {
        _kafka.Dispose();
        await _ssm.DisposeAsync();
    }

    private (IConfigurationRoot Configuration, ServiceProvider Services) Host()
    {
        var configuration = new ConfigurationBuilder().Add(new AwsConfigurationSource(_account.Options)).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs))
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddSingleton<KafkaCredentialRotation>()
            .AddAwsConfigurationRefresh()
            .Configure<KafkaOptions>(configuration.GetSection(KafkaOptions.Section))
            .BuildServiceProvider();
        return (configuration, services);
    }

    private static ProducerConfig ProducerConfig(IConfiguration configuration) =>
        new(configuration.GetSection("Kafka:Properties").Get<Dictionary<string, string>>()!)
    {
        BootstrapServers = configuration["Kafka:BootstrapServers"],
        EnableIdempotence = true,
        LingerMs = 5,
    };

    [Fact]
    public async Task RotatedKeysReachLiveAndNewClientsWithoutLosingOrDoublingARecord()
    {
        var (configuration, services) = Host();
        await using var _ = services;
        var rotation = services.GetRequiredService<KafkaCredentialRotation>();
        var refresher = services.GetServices<IHostedService>().Single();
        await refresher.StartAsync(CancellationToken.None);

        using var producer = new ProducerBuilder<Null, string>(rotation.WithCurrentCredentials(ProducerConfig(configuration))).Build();
        using (rotation.Track(producer))
        {
            Assert.Equal(1, rotation.TrackedClients);
            for (var i = 0; i < 1000; i++)
            {
                producer.Produce(Topic, new Message<Null, string> { Value = i.ToString(CultureInfo.InvariantCulture) });
            }

            _account.PutKafkaSecret(_kafka.BootstrapServers, ConfluentCloudAccount.RotatedApiKey, ConfluentCloudAccount.RotatedApiSecret);
            await Eventually.Until(() => rotation.Rotations == 1, TimeSpan.FromSeconds(30), "the refresher reads the rotated secret");

            for (var i = 1000; i < 2000; i++)
            {
                producer.Produce(Topic, new Message<Null, string> { Value = i.ToString(CultureInfo.InvariantCulture) });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(0, rotation.TrackedClients);
        var fresh = rotation.WithCurrentCredentials(new ProducerConfig());
        Assert.Equal(ConfluentCloudAccount.RotatedApiKey, fresh.SaslUsername);
        Assert.Equal(ConfluentCloudAccount.RotatedApiSecret, fresh.SaslPassword);
        Assert.Equal(ConfluentCloudAccount.RotatedApiSecret, configuration["Kafka:Properties:sasl.password"]);
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => i.ToString(CultureInfo.InvariantCulture)), ReadAll(2000));
        Assert.Contains(_logs.Lines, l => l.Text.StartsWith("Kafka SASL credentials rotated: 1 live client(s)", StringComparison.Ordinal));
        await refresher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task NoSecretValueReachesAnyLogLineThroughLoadRotationAndFailedRefresh()
    {
        var (_, services) = Host();
        await using var _ = services;
        var rotation = services.GetRequiredService<KafkaCredentialRotation>();
        var refresher = services.GetServices<IHostedService>().Single();
        await refresher.StartAsync(CancellationToken.None);

        _account.PutKafkaSecret(_kafka.BootstrapServers, ConfluentCloudAccount.RotatedApiKey, ConfluentCloudAccount.RotatedApiSecret);
        await Eventually.Until(() => rotation.Rotations == 1, TimeSpan.FromSeconds(30), "the refresher reads the rotated secret");
        _ssm.PutSecret(_account.Options.SchemaRegistrySecretId, $"{{\"schema.registry.url\":\"https://sr\",\"x\":\"{ConfluentCloudAccount.RegistryUserInfo}\"");
        await Eventually.Until(() => _logs.Lines.Any(l => l.Level == LogLevel.Warning), TimeSpan.FromSeconds(30), "the failed refresh is logged");
        await refresher.StopAsync(CancellationToken.None);

        var lines = _logs.Lines;
        Assert.Contains(
            lines, l => l.Level == LogLevel.Debug
            && l.Text.Contains("'sasl.jaas.config' became sasl.username and sasl.password", StringComparison.Ordinal));
        Assert.Contains(
            lines, l => l.Text.Contains(
            "The AWS settings of service account user 'kickstarter_test' changed (version 2)", StringComparison.Ordinal));
        var warning = Assert.Single(lines, l => l.Level == LogLevel.Warning).Text;
        Assert.Contains($"'{_account.Options.SchemaRegistrySecretId}'", warning);
        Assert.Contains("is not valid JSON", warning);
        foreach (var line in lines)
        {
            foreach (var secret in ConfluentCloudAccount.SecretValues)
            {
                Assert.DoesNotContain(secret, line.Text);
            }
        }
    }

    private List<string> ReadAll(int expected)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = "rotation-check",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(Topic, 0, Offset.Beginning));
        var values = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (values.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
            {
                values.Add(result.Message.Value);
            }
        }

        // A record written twice would sit past the expected count: the log's end says how many there are.
        var end = consumer.QueryWatermarkOffsets(new TopicPartition(Topic, 0), TimeSpan.FromSeconds(10)).High;
        Assert.Equal(expected, end.Value);
        return values;
    }
}
