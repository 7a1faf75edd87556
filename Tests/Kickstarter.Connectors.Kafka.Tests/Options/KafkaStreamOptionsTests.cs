using Kickstarter.Connectors.Kafka.Options;
using Kickstarter.Connectors.Kafka.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kickstarter.Connectors.Kafka.Tests.Options;

public sealed class KafkaStreamOptionsTests
{
    private static KafkaStreamOptions Valid() => new() { BootstrapServers = "127.0.0.1:9092", Topics = ["airline.sunset"] };

    public static TheoryData<string, Action<KafkaStreamOptions>, string, string> Violations => new()
    {
        { "BootstrapServers", o => o.BootstrapServers = " ", "is required", "(was ' ')" },
        { "Topics", o => o.Topics = [], "at least one topic", "(was [])" },
        { "Topics", o => o.Topics = ["a", ""], "empty topic names", "(was [a, ])" },
        { "Topics", o => o.Topics = ["a", "a"], "twice", "(was [a, a])" },
        { "PartitionCounts", o => o.PartitionCounts["airline.sunset"] = 0, "at least 1", "(was airline.sunset=0)" },
        { "MaxRecordsPerPoll", o => o.MaxRecordsPerPoll = 0, "at least 1", "(was 0)" },
        { "DeadLetterTopic", o => o.DeadLetterTopic = "", "is required", "(was '')" },
        { "DeadLetterTopic", o => o.DeadLetterTopic = "airline.sunset", "must not be one of the Topics", "(was 'airline.sunset')" },
        { "PollTimeout", o => o.PollTimeout = TimeSpan.Zero, "greater than zero", "(was 00:00:00)" },
        { "PullPeriod", o => o.PullPeriod = TimeSpan.FromSeconds(-1), "greater than zero", "(was -00:00:01)" },
        { "MaxEventDeliveryTime", o => o.MaxEventDeliveryTime = TimeSpan.Zero, "greater than zero", "(was 00:00:00)" },
        { "MetadataTimeout", o => o.MetadataTimeout = TimeSpan.Zero, "greater than zero", "(was 00:00:00)" },
        { "CacheSize", o => o.CacheSize = 5, "at least 10", "(was 5)" },
        { "ConsumerProperties", o => o.ConsumerProperties["auto.offset.reset"] = "latest", "'auto.offset.reset'", "(was 'latest')" },
        { "ConsumerProperties", o => o.ConsumerProperties["enable.auto.commit"] = "true", "'enable.auto.commit'", "(was 'true')" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void EachRuleIsReportedWithPropertyRuleProviderAndValue(
        string property, Action<KafkaStreamOptions> breakIt, string rule, string value)
    {
        var options = Valid();
        breakIt(options);

        var result = new KafkaStreamOptionsValidator("flights").Validate("flights", options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(property, failure);
        Assert.Contains(rule, failure);
        Assert.Contains("Kafka stream provider 'flights'", failure);
        Assert.Contains(value, failure);
    }

    [Fact]
    public void ValidOptionsPass() => Assert.True(new KafkaStreamOptionsValidator("flights").Validate("flights", Valid()).Succeeded);

    [Fact]
    public void AnotherProvidersOptionsAreLeftToItsOwnValidator()
    {
        var broken = Valid();
        broken.CacheSize = 5;

        Assert.True(new KafkaStreamOptionsValidator("flights").Validate("bookings", broken).Skipped);
    }

    [Fact]
    public void RegistrationStopsTheHostAtStartNamingTheSettingAndTheProvider()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseLocalhostClustering()
            .AddKafkaStreams("flights", streams =>
            {
                streams.BootstrapServers = "127.0.0.1:1";
                streams.Topics = ["airline.sunset"];
                streams.CacheSize = 5;
            })
            .AddKafkaStreams("bookings", streams =>
            {
                streams.BootstrapServers = "127.0.0.1:1";
                streams.Topics = ["airline.skyone"];
            }));
        using var host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("flights", error.OptionsName);
        Assert.Equal(["CacheSize must be at least 10 for the Kafka stream provider 'flights' (was 5)."], error.Failures);
    }

    [Fact]
    public void DefaultsAreDocumentedValues()
    {
        var options = new KafkaStreamOptions();
        Assert.Equal(5000, options.MaxRecordsPerPoll);
        Assert.Equal("airline.dlq", options.DeadLetterTopic);
        Assert.Equal(4096, options.CacheSize);
    }

    [Fact]
    public void ConsumerConfigKeepsTheProvidersOffsetRulesAndBoundsItsQueue()
    {
        var options = Valid();
        options.ConsumerProperties["fetch.wait.max.ms"] = "50";
        var config = KafkaClientConfig.Consumer(options, "flights", "airline.sunset", 3).ToDictionary();

        Assert.Equal("false", config["enable.auto.commit"]);
        Assert.Equal("error", config["auto.offset.reset"]);
        Assert.Equal("65536", config["queued.max.messages.kbytes"]);
        Assert.Equal("50", config["fetch.wait.max.ms"]);
        Assert.Equal("true", KafkaClientConfig.DeadLetterProducer(options, "flights").ToDictionary()["enable.idempotence"]);
    }

    [Fact]
    public async Task SecretsNeverReachTheLogs()
    {
        using var cluster = Kickstarter.Connectors.Kafka.Embedded.EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("secret.topic", 2);
        var options = new KafkaStreamOptions { BootstrapServers = cluster.BootstrapServers, Topics = ["secret.topic"] };
        options.ConsumerProperties["sasl.password"] = "hunter2-consumer";
        options.ConsumerProperties["ssl.key.password"] = "hunter2-key";
        options.ProducerProperties["sasl.password"] = "hunter2-producer";
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        using var factory = new KafkaAdapterFactory("secretive", options, new Streams.TestDeserializer(), null, new KafkaReceiverRegistry(), loggerFactory);

        await factory.CreateAdapter(CancellationToken.None);
        var mapper = factory.GetStreamQueueMapper();
        var receiver = factory.CreateReceiver(mapper.GetAllQueues().First());
        await receiver.Initialize(TimeSpan.FromSeconds(10));
        await receiver.GetQueueMessagesAsync(10, CancellationToken.None);
        await receiver.Shutdown(TimeSpan.FromSeconds(5));

        var text = string.Join("\n", logs.Messages);
        Assert.Contains("sasl.password=***", text);
        Assert.Contains("ssl.key.password=***", text);
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("hunter2", KafkaClientConfig.Redacted(options.ProducerProperties));
    }

    [Fact]
    public async Task ConsumerAndProducerPropertiesReachTheRealClientsTheProviderBuilds()
    {
        // librdkafka dumps the configuration a client was built with when debug=conf (itself a property under test);
        // the provider logs each client's librdkafka messages, so the dump shows what reached the real client.
        using var cluster = Kickstarter.Connectors.Kafka.Embedded.EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("probe.topic", 1);
        var options = new KafkaStreamOptions { BootstrapServers = cluster.BootstrapServers, Topics = ["probe.topic"] };
        options.ConsumerProperties["client.id"] = "probe-consumer";
        options.ConsumerProperties["debug"] = "conf";
        options.ConsumerProperties["sasl.password"] = "hunter2-consumer";
        options.ProducerProperties["client.id"] = "probe-producer";
        options.ProducerProperties["debug"] = "conf";
        options.ProducerProperties["sasl.password"] = "hunter2-producer";
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        using var factory = new KafkaAdapterFactory("probing", options, new Streams.TestDeserializer(), null, new KafkaReceiverRegistry(), loggerFactory);

        await factory.CreateAdapter(CancellationToken.None);
        var receiver = factory.CreateReceiver(factory.GetStreamQueueMapper().GetAllQueues().First());
        await receiver.Initialize(TimeSpan.FromSeconds(10));
        using (new DeadLetterProducer(options, "probing", loggerFactory.CreateLogger<DeadLetterProducer>()))
        {
        }

        await receiver.Shutdown(TimeSpan.FromSeconds(5));
        var consumerDump = logs.Messages.Where(m => m.Contains("librdkafka probe.topic/0", StringComparison.Ordinal)).ToList();
        var producerDump = logs.Messages.Where(m => m.Contains("librdkafka dlq", StringComparison.Ordinal)).ToList();
        Assert.Contains(consumerDump, m => m.EndsWith("client.id = probe-consumer", StringComparison.Ordinal));
        Assert.Contains(consumerDump, m => m.EndsWith("sasl.password = [redacted]", StringComparison.Ordinal));
        Assert.Contains(producerDump, m => m.EndsWith("client.id = probe-producer", StringComparison.Ordinal));
        Assert.Contains(producerDump, m => m.EndsWith("enable.idempotence = true", StringComparison.Ordinal)); // the provider's own
        Assert.DoesNotContain(consumerDump, m => m.Contains("probe-producer", StringComparison.Ordinal));
        Assert.DoesNotContain(producerDump, m => m.Contains("client.id = probe-consumer", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void ProviderOwnedConsumerPropertiesKeepTheProvidersValuesWhateverIsConfigured()
    {
        Assert.Equal(["enable.auto.commit", "auto.offset.reset", "enable.auto.offset.store"], KafkaStreamOptions.ProviderOwnedConsumerProperties);
        var options = Valid();
        foreach (var owned in KafkaStreamOptions.ProviderOwnedConsumerProperties)
        {
            options.ConsumerProperties[owned] = "configured";
        }

        var config = KafkaClientConfig.Consumer(options, "flights", "airline.sunset", 0).ToDictionary();
        Assert.Equal(["false", "error", "false"], KafkaStreamOptions.ProviderOwnedConsumerProperties.Select(key => config[key]));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(Messages);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => messages.Enqueue(formatter(state, exception) + exception);
        }
    }
}
