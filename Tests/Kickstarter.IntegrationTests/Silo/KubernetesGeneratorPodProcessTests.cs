using System.Globalization;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Silo;

/// <summary>
/// The Generator Deployment of <c>infra/k8s</c> starts with exactly its pod's environment (read from generator.yaml,
/// the ConfigMap and the Secrets created as infra/k8s/README.md says) and produces bookings, with no AWS credentials at
/// all: the silos' S3 warehouse and DynamoDB settings in the shared ConfigMap must not make it reach for AWS.
/// </summary>
public sealed class KubernetesGeneratorPodProcessTests(ITestOutputHelper output)
{
    private const string SaslPassword = "k8s-generator-sasl-Pe53";

    [Fact]
    public async Task GeneratorPodStartsWithoutAwsCredentialsAndProducesBookings()
    {
        using var kafka = EmbeddedKafkaCluster.Start(1);
        foreach (var topic in JobCatalog.Topics)
        {
            kafka.CreateTopic(topic, 2, 1);
        }

        var secrets = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["kickstarter-kafka"] = new Dictionary<string, string> { ["sasl-username"] = "K8SAPIKEY", ["sasl-password"] = SaslPassword },
        };
        var pod = KubernetesEnvironment.OfDeploymentPod(
            Path.Combine(SiloProcess.RepositoryRoot(), "infra", "k8s"), "kickstarter-generator", "kickstarter-generator-0", "127.0.0.1", secrets);
        output.WriteLine("infra/k8s generator environment: " + string.Join(", ", pod.Keys.Order(StringComparer.Ordinal)));
        Assert.Equal("Generator", pod["Kickstarter__Jobs"]);
        Assert.Equal("Localhost", pod["Membership__Provider"]);
        Assert.Equal("Memory", pod["Storage__Provider"]);
        Assert.DoesNotContain(pod.Keys, key => key.StartsWith("AWS_", StringComparison.Ordinal));
        Assert.Equal("Hadoop", pod["Iceberg__Catalog__Type"]); // it writes no table: a local catalog in the pod's /tmp
        Assert.StartsWith("/tmp/", pod["Iceberg__Warehouse"], StringComparison.Ordinal);

        // Replaced: what cannot exist here (Kafka without TLS and SASL, ports of this machine) and the pod's /tmp.
        await using var work = TemporaryDirectory.Create("kickstarter-k8s-generator-");
        var httpPort = FreePort.Next();
        Replace(pod, "Kafka__BootstrapServers", kafka.BootstrapServers);
        Replace(pod, "Kafka__Properties__security.protocol", "PLAINTEXT");
        Replace(pod, "Http__Port", httpPort.ToString(CultureInfo.InvariantCulture));
        Replace(pod, "Http__BindAddress", "127.0.0.1");
        Replace(pod, "Orleans__SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
        Replace(pod, "Orleans__GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
        Replace(pod, "Iceberg__Warehouse", Path.Combine(work.Path, "tmp", "warehouse"));
        // Nothing from this machine's AWS configuration either: the pod has none.
        pod["AWS_EC2_METADATA_DISABLED"] = "true";

        await using var generator = SiloProcess.StartRaw(work.Path, httpPort, pod);
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "probe" }).Build();
        await Eventually.Until(() => generator.HasExited || new[] { Topics.Sunset, Topics.SkyOne }.All(topic =>
            Enumerable.Range(0, 2).Sum(partition =>
                consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(5)).High.Value) >= 10),
            TimeSpan.FromSeconds(90), "the generator pod produced bookings to both airline topics");

        Assert.False(generator.HasExited, "the generator exited: " + generator.Output);
        Assert.DoesNotContain(SaslPassword, generator.Output, StringComparison.Ordinal);
    }

    private static void Replace(Dictionary<string, string> environment, string key, string value)
    {
        Assert.True(environment.ContainsKey(key), $"infra/k8s no longer sets {key} for the generator; update the test");
        environment[key] = value;
    }
}
