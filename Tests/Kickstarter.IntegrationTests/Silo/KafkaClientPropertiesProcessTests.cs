using System.Text;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Silo;

/// <summary>
/// <c>Kafka:ConsumerProperties:*</c>, <c>Kafka:ProducerProperties:*</c> and the shared <c>Kafka:Properties:*</c>, set
/// on the Silo executable, reach every real Kafka client it makes, each client its role's: seen in librdkafka's own
/// dump of the configuration each client was built with (<c>debug=conf</c>, itself one of the properties under test),
/// which the silo logs per client. Secrets among them stay out of the log.
/// </summary>
public sealed partial class KafkaClientPropertiesProcessTests(ITestOutputHelper output)
{
    private const string ConsumerSecret = "consumer-secret-Vb27";
    private const string ProducerSecret = "producer-secret-Kw64";

    [Fact]
    public async Task ConsumerAndProducerPropertiesReachEveryKafkaClientOfTheSiloAndSecretsStayRedacted()
    {
        using var kafka = EmbeddedKafkaCluster.Start(1);
        foreach (var topic in JobCatalog.Topics)
        {
            kafka.CreateTopic(topic, 2, 1);
        }

        // A record the Consolidator cannot read: it goes to airline.dlq through the (lazily built) dead-letter producer.
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(Topics.Sunset, new Message<string, byte[]> { Key = "XX1", Value = Encoding.UTF8.GetBytes("not a booking") });
        }

        await using var work = TemporaryDirectory.Create("kickstarter-kafka-properties-");
        await using var silo = SiloProcess.Start(work.Path, FreePort.Next(),
            $"--Kafka:BootstrapServers={kafka.BootstrapServers}", "--Kafka:Format=Json", "--warehouse", Path.Combine(work.Path, "warehouse"),
            $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
            "--Generator:Count=20", "--Committer:CommitInterval=00:00:01",
            // Shared by every client; each role's own client.id wins over the shared one.
            "--Kafka:Properties:client.id=shared-client", "--Kafka:Properties:client.rack=rack-shared",
            "--Kafka:ConsumerProperties:client.id=probe-consumer", "--Kafka:ConsumerProperties:debug=conf",
            $"--Kafka:ConsumerProperties:sasl.password={ConsumerSecret}",
            "--Kafka:ProducerProperties:client.id=probe-producer", "--Kafka:ProducerProperties:debug=conf",
            $"--Kafka:ProducerProperties:sasl.password={ProducerSecret}",
            // The clients' librdkafka messages are logged at Debug.
            "--Logging:LogLevel:Kickstarter.Connectors.Kafka=Debug", "--Logging:LogLevel:Kickstarter.Silo.Generator=Debug");

        var clients = new (string Name, Regex Dump)[]
        {
            ("a stream receiver (consumer)", ReceiverDump()),
            ("the dead-letter producer", DeadLetterDump()),
            ("a committer's transactional producer", TransactionalDump()),
            ("the generator's producer", GeneratorDump()),
        };
        // Each dump starts with client.id and lists sasl.password near its end: both seen, the client's dump is complete.
        try
        {
            await Eventually.Until(() => !silo.HasExited && clients.All(client =>
            {
                var keys = client.Dump.Matches(silo.Output).Select(m => m.Groups["key"].Value).ToHashSet();
                return keys.Contains("client.id") && keys.Contains("sasl.password");
            }), TimeSpan.FromSeconds(120), "every kind of Kafka client logged its configuration");
        }
        finally
        {
            var file = Path.Combine(AppContext.BaseDirectory, "kafka-client-properties-silo.log");
            await File.WriteAllTextAsync(file, silo.Output);
            output.WriteLine($"silo log: {file}");
        }

        Assert.False(silo.HasExited, "the silo exited: " + silo.Output);

        var log = silo.Output;
        foreach (var (name, dump) in clients)
        {
            var settings = dump.Matches(log).Select(m => $"{m.Groups["key"].Value} = {m.Groups["value"].Value}").ToHashSet();
            output.WriteLine($"{name}: {string.Join("; ", settings.Order(StringComparer.Ordinal))}");
            var role = name.Contains("consumer", StringComparison.Ordinal) ? "probe-consumer" : "probe-producer";
            Assert.Contains($"client.id = {role}", settings);
            Assert.Contains("client.rack = rack-shared", settings);
            Assert.Contains("debug = conf", settings);
            Assert.Contains("sasl.password = [redacted]", settings);
            Assert.DoesNotContain(role == "probe-consumer" ? "client.id = probe-producer" : "client.id = probe-consumer", settings);
            Assert.DoesNotContain("client.id = shared-client", settings);
        }

        Assert.DoesNotContain(ConsumerSecret, log, StringComparison.Ordinal);
        Assert.DoesNotContain(ProducerSecret, log, StringComparison.Ordinal);
        Assert.Contains("sasl.password=***", log, StringComparison.Ordinal); // the provider's own config line, redacted
    }

    // librdkafka's configuration dump, one "  key = value" line per setting, as each client's log handler logs it.
    private const string Setting = @"\[Debug\]: \[thrd:[^\]]*\]:\s+(?<key>[a-z._]+) = (?<value>[^\r\n]*)";

    [GeneratedRegex(@"librdkafka airline\.[a-z_]+/\d+ " + Setting)]
    private static partial Regex ReceiverDump();

    [GeneratedRegex(@"librdkafka dlq " + Setting)]
    private static partial Regex DeadLetterDump();

    [GeneratedRegex(@"librdkafka producer kickstarter-[a-z]+ " + Setting)]
    private static partial Regex TransactionalDump();

    [GeneratedRegex(@"Generator: librdkafka producer " + Setting)]
    private static partial Regex GeneratorDump();
}
