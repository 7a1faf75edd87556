using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Silo.Configuration;
using Kickstarter.Silo.Configuration.Aws;
using Kickstarter.Silo.Kafka;
using Kickstarter.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Rotation;

/// <summary>
/// A Confluent API key rotated in Secrets Manager (the SSM stand-in) while both jobs run on a two-silo TestCluster:
/// the real AWS configuration provider re-reads it, the Silo's <see cref="KafkaCredentialRotation"/> hands it to the
/// stream provider's live consumers and to the committers' transactional producers (re-created at an epoch boundary),
/// and every output is still there exactly once.
/// </summary>
/// <remarks>
/// The embedded cluster speaks PLAINTEXT, so no broker checks the key. The test sees it through
/// <see cref="ObservedCredentials"/>: the SASL username in each configuration librdkafka receives and in each
/// <c>SetSaslCredentials</c> call. Exactly once across the switch is checked on the outputs: on the mock cluster a
/// transaction aborted by a re-creation would leave a second copy of its records in <c>airline.flight</c>.
/// </remarks>
public sealed class CredentialRotationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string User = "rotation_it";
    private const string FirstKey = "ROTKEYONE1";
    private const string SecondKey = "ROTKEYTWO2";
    private readonly SsmServer _ssm = SsmServer.Start();
    private readonly PipelineCluster _pipeline = PipelineCluster.CreateInfrastructure();
    private readonly FlightInput _input = FlightInput.Generate(
        seed: 5151, perAirline: 800, flyers: 30, start: new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), rate: 2);
    private AwsConfigurationOptions _aws = null!;
    private ServiceProvider _services = null!;

    public Task InitializeAsync()
    {
        _aws = new AwsConfigurationOptions
        {
            ServiceAccountUser = User,
            ServiceUrl = _ssm.ServiceUrl,
            AccessKey = "AKIDROTATION",
            SecretKey = "aws-secret-rotation-Qq7",
            RequestTimeout = TimeSpan.FromSeconds(5),
            RefreshInterval = TimeSpan.FromSeconds(1),
        };
        PutKafkaSecret(FirstKey, "first-secret-Aa1");
        _ssm.PutSecret(_aws.SchemaRegistrySecretId, """{"schema.registry.url":"http://127.0.0.1:1"}""");
        // The embedded cluster speaks PLAINTEXT: librdkafka keeps the SASL pair but does not authenticate with it.
        _ssm.PutParameter($"{_aws.ConsumerParametersPath}/security.protocol", "PLAINTEXT");
        _ssm.PutParameter($"{_aws.ProducerParametersPath}/security.protocol", "PLAINTEXT");

        var configuration = new ConfigurationBuilder().Add(new AwsConfigurationSource(_aws)).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddSingleton<KafkaCredentialRotation>()
            .AddAwsConfigurationRefresh()
            .Configure<KafkaOptions>(configuration.GetSection(KafkaOptions.Section))
            .BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        await _services.DisposeAsync();
        await _ssm.DisposeAsync();
        RotationSiloConfigurator.Credentials = null;
    }

    [Fact]
    public async Task AKeyRotatedMidRunReachesEveryClientAndEveryOutputAppearsExactlyOnce()
    {
        var rotation = _services.GetRequiredService<KafkaCredentialRotation>();
        var refresher = _services.GetServices<IHostedService>().Single();
        await refresher.StartAsync(CancellationToken.None);
        var observed = new ObservedCredentials(rotation);
        RotationSiloConfigurator.Credentials = observed;
        await _pipeline.StartSilosAsync<RotationSiloConfigurator>(silos: 2, commitInterval: TimeSpan.FromSeconds(1));
        var grains = _pipeline.Cluster.GrainFactory;
        // The committers' timers run epochs every second from here on, as the Silo's JobSupervisor starts them.
        foreach (var job in JobCatalog.All)
        {
            await grains.GetGrain<ICommitterGrain>(job.Name).StartAsync();
        }

        var consolidatorProducer = $"kickstarter-{ConsolidatorJob.Definition.Name}";

        // Half the input before the rotation, the rest once the rotated secret is read: records flow across the switch,
        // however slow the machine.
        var rotated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var producing = _input.ProduceInTwoPartsAsync(
            _pipeline.Kafka.BootstrapServers, 0.5, TimeSpan.FromSeconds(7), rotated.Task, CancellationToken.None);
        // Rotate once the consolidator's transactional producer exists with the first key and has committed output.
        try
        {
            await Eventually.Until(
                () => observed.Built.Any(client => client.Name == consolidatorProducer && client.Username == FirstKey) &&
                    TopicReader.ReadAll(_pipeline.Kafka.BootstrapServers, Topics.Flight, TimeSpan.FromSeconds(5)).Count > 0,
                TimeSpan.FromSeconds(90), "the consolidator commits an epoch with the first key");
        }
        catch (TimeoutException)
        {
            foreach (var client in observed.Built.DistinctBy(client => (client.Name, client.Username)))
            {
                output.WriteLine($"built: {client}");
            }

            throw;
        }

        Assert.False(producing.IsCompleted, "the input was all produced before the rotation");
        var consumersBefore = observed.Built
            .Count(client => !client.Transactional && client.Name.Contains("airline.", StringComparison.Ordinal));
        PutKafkaSecret(SecondKey, "second-secret-Bb2");
        await Eventually.Until(() => rotation.Rotations == 1, TimeSpan.FromSeconds(30), "the refresher reads the rotated secret");
        rotated.SetResult();

        await producing;
        await JobDrainer.DrainAsync(grains, ConsolidatorJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(2));
        await JobDrainer.DrainAsync(grains, FlyerStatsJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(1));

        // The new key reached the clients: each live consumer of both jobs got it in place, and the consolidator's
        // transactional producer was re-created with it (an epoch after the rotation); nothing built since has the old one.
        Assert.True(consumersBefore >= 12, $"expected the 12 partition consumers before the rotation, saw {consumersBefore}");
        var handedNewKey = observed.Handed.Where(pair => pair.Username == SecondKey).Select(pair => pair.ClientName).Distinct().ToList();
        Assert.True(handedNewKey.Count(name => name.Contains("airline.", StringComparison.Ordinal)) >= 12,
            $"live consumers handed the new key: {string.Join(", ", handedNewKey)}");
        var builtAfter = observed.Built.Where(client => client.Generation >= 1).ToList();
        Assert.Contains(builtAfter, client => client.Name == consolidatorProducer && client.Username == SecondKey);
        Assert.All(builtAfter, client => Assert.Equal(SecondKey, client.Username));

        // Exactly once across the switch: the tables, the grains and the topics against the independent recount, and
        // no second copy of any record id in airline.flight (a transaction aborted by the re-creation would leave one).
        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(_pipeline.Iceberg, _input);
        PipelineAssertions.RawTablesHoldEveryAcceptedBooking(_pipeline.Iceberg, _input);
        Assert.Equal(0, PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(_pipeline.Kafka.BootstrapServers, _input));
        await PipelineAssertions.FlyerStatsAgreeEverywhereWithAnIndependentRecountAsync(
            grains, _pipeline.Iceberg, _pipeline.Kafka.BootstrapServers, _input);
        await refresher.StopAsync(CancellationToken.None);
    }

    private void PutKafkaSecret(string apiKey, string apiSecret) => _ssm.PutSecret(_aws.KafkaSecretId, $$"""
        {"sasl.jaas.config":"org.apache.kafka.common.security.plain.PlainLoginModule required username='{{apiKey}}' password='{{apiSecret}}';",
         "bootstrap.servers":"{{_pipeline.Kafka.BootstrapServers}}"}
        """);
}
