using System.Diagnostics;
using System.Globalization;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Grains.Jobs;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Kickstarter.Testing.Kubernetes;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Silo;

/// <summary>
/// Orleans' Kubernetes hosting as the silo runs it in an <c>infra/k8s</c> pod, with nothing of it faked but the
/// cluster: two real Silo processes, each with exactly its pod's environment (read from the manifests, endpoints and
/// ports replaced as in <see cref="MultiSiloProcessTests"/>), <c>KUBERNETES_SERVICE_HOST</c>/<c>_PORT</c> pointing at a
/// <see cref="KubernetesApiServer"/> that plays the API server (HTTPS with the cluster CA, the ServiceAccount token,
/// RBAC from <c>infra/k8s/rbac.yaml</c> enforced), and the pod's ServiceAccount files where the in-cluster
/// configuration reads them (<see cref="PodServiceAccountMount"/>). Membership in Redis, as in the manifests.
/// </summary>
public sealed class KubernetesHostingProcessTests(ITestOutputHelper output)
{
    private const string Namespace = "kickstarter"; // the manifests' namespace
    private const int Partitions = 2;
    private static readonly string[] PodNames = ["kickstarter-silo-5d8f7c9b6-4kx2p", "kickstarter-silo-5d8f7c9b6-9wzqm"];

    [Fact]
    public async Task SilosInPodsAreNamedForTheirPodsUseOnlyTheirRbacAndADeletedPodsSiloIsDeclaredDead()
    {
        var k8sFolder = Path.Combine(SiloProcess.RepositoryRoot(), "infra", "k8s");
        var (labels, serviceAccount, mountsToken) = KubernetesEnvironment.SiloPodTemplate(k8sFolder);
        Assert.True(mountsToken, "the silo pods do not mount their ServiceAccount token: Orleans' Kubernetes hosting cannot reach the API");
        var rbac = KubernetesRbac.ForServiceAccount(k8sFolder, Namespace, serviceAccount);
        Assert.NotEmpty(rbac.Grants);
        await using var api = await KubernetesApiServer.StartAsync($"system:serviceaccount:{Namespace}:{serviceAccount}", rbac.Allows);
        foreach (var pod in PodNames)
        {
            api.AddPod(Namespace, pod, labels, "127.0.0.1", serviceAccount);
        }

        await using var podFiles = await PodServiceAccountMount.CreateAsync(api.Token, api.CaCertificatePem, Namespace);
        await using var s3 = await S3rverServer.StartAsync();
        await using var dynalite = await DynaliteServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        using var kafka = EmbeddedKafkaCluster.Start(1);
        foreach (var topic in JobCatalog.Topics)
        {
            kafka.CreateTopic(topic, Partitions, 1);
        }

        var secrets = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["kickstarter-kafka"] = new Dictionary<string, string>
            {
                ["sasl-username"] = "K8SAPIKEY", ["sasl-password"] = "k8s-hosting-sasl",
            },
            ["kickstarter-redis"] = new Dictionary<string, string> { ["connection-string"] = redis.ConnectionString },
        };
        var first = KubernetesEnvironment.OfSiloPod(k8sFolder, PodNames[0], "127.0.0.1", secrets);
        await OperatorResources.CreateTablesAsync(dynalite, first["Storage__DynamoDB__Region"],
            first["Storage__DynamoDB__TableName"], first["Iceberg__Catalog__DynamoDb__TableName"]);
        using (var raw = S3IcebergReader.NewS3Client(s3))
        {
            await raw.PutBucketAsync(new Uri(first["Iceberg__Warehouse"]).Host);
        }

        await using var workA = TemporaryDirectory.Create("kickstarter-k8s-hosting-a-");
        await using var workB = TemporaryDirectory.Create("kickstarter-k8s-hosting-b-");
        SiloProcess StartPod(string podName, string workingDirectory)
        {
            var environment = KubernetesEnvironment.OfSiloPod(k8sFolder, podName, "127.0.0.1", secrets);
            Assert.Equal(podName, environment["POD_NAME"]);
            Assert.Equal(Namespace, environment["POD_NAMESPACE"]);
            var httpPort = FreePort.Next();
            Replace(environment, "Kafka__BootstrapServers", kafka.BootstrapServers);
            Replace(environment, "Kafka__Properties__security.protocol", "PLAINTEXT");
            Replace(environment, "Http__Port", httpPort.ToString(CultureInfo.InvariantCulture));
            Replace(environment, "Http__BindAddress", "127.0.0.1");
            Replace(environment, "Orleans__SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
            Replace(environment, "Orleans__GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
            Add(environment, "Storage__DynamoDB__ServiceUrl", dynalite.ServiceUrl);
            Add(environment, "Iceberg__Catalog__DynamoDb__ServiceUrl", dynalite.ServiceUrl);
            Add(environment, "Iceberg__S3__ServiceUrl", s3.ServiceUrl);
            Add(environment, "Iceberg__S3__ForcePathStyle", "true");
            Add(environment, "Iceberg__S3__ChecksumWhenRequired", "true");
            Add(environment, "AWS_ACCESS_KEY_ID", S3rverServer.AccessKey);
            Add(environment, "AWS_SECRET_ACCESS_KEY", S3rverServer.SecretKey);
            // What the kubelet adds to every container: the API server's service address.
            Add(environment, "KUBERNETES_SERVICE_HOST", api.Host);
            Add(environment, "KUBERNETES_SERVICE_PORT", api.Port.ToString(CultureInfo.InvariantCulture));
            // The hosting's own account of what it does (it logs a pod-deletion kill at Information), to tell its kill
            // from one by Orleans' failure detector (which a starved machine can trigger too).
            Add(environment, "Logging__LogLevel__Orleans.Hosting.Kubernetes", "Information");
            return SiloProcess.StartThrough(podFiles.Launcher(), workingDirectory, httpPort, environment);
        }

        await using var siloA = StartPod(PodNames[0], workA.Path);
        await using var siloB = StartPod(PodNames[1], workB.Path);
        var silos = new[] { siloA, siloB };
        try
        {
            // The hosting reads its pod and lists the cluster's pods before the silo becomes active (and so before it
            // answers as a gateway); on a loaded machine that can take minutes, so wait for that first.
            await Eventually.Until(() => api.Requests.Count(r => r.Verb == "list") >= 2 || silos.Any(s => s.HasExited),
                TimeSpan.FromMinutes(8), "both silos list the pods");
            Assert.All(silos, silo => Assert.False(silo.HasExited, "a silo exited: " + silo.Output));
            await using var client = await ClusterClient.ConnectAsync(redis.ConnectionString, labels["orleans/clusterId"], output);
            await client.WaitForActiveSilosAsync(2, silos);
            var management = client.Grains.GetGrain<IManagementGrain>(0);

            // The silo name is the pod name (POD_NAME), in the membership table every silo reads.
            var members = await management.GetDetailedHosts(onlyActive: true);
            Assert.Equal(PodNames.Order(StringComparer.Ordinal), members.Select(m => m.SiloName).Order(StringComparer.Ordinal));

            // Each silo reads its pod, lists the cluster's pods and watches them (both are among the first MaxAgents=2).
            await Eventually.Until(() => api.OpenPodWatches(Namespace) == 2, TimeSpan.FromMinutes(2), "both silos watch the pods");

            // Deleted from the API while its process still runs, healthy: only the hosting's watch can declare it dead.
            var victim = members.Single(m => m.SiloName == PodNames[1]);
            var clock = Stopwatch.StartNew();
            Assert.True(api.DeletePod(Namespace, PodNames[1]));
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} deleted pod {PodNames[1]}");
            // Each poll bounded: a call routed to the silo being declared dead can hang for the response timeout (30 s).
            await Eventually.Until(
                async () => (await management.GetDetailedHosts(onlyActive: false).WaitAsync(TimeSpan.FromSeconds(3)))
                    .Any(m => m.SiloAddress.Equals(victim.SiloAddress) && m.Status == SiloStatus.Dead),
                TimeSpan.FromSeconds(60), $"the membership table shows {PodNames[1]}'s silo dead");
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {PodNames[1]}'s silo seen dead, " +
                $"{clock.Elapsed.TotalSeconds:0.0} s after its pod was deleted");
            // Declared dead by the hosting's watch, not by missed probes: the other silo says so.
            await Eventually.Until(
                () => siloA.Output.Contains($"its corresponding pod, {PodNames[1]}, has been deleted", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), $"{PodNames[0]}'s silo logs that it declared {PodNames[1]}'s silo dead for its deleted pod");
            var survivor = (await management.GetDetailedHosts(onlyActive: true)).Single();
            Assert.Equal(PodNames[0], survivor.SiloName);
            Assert.False(siloA.HasExited, "the surviving silo exited");
        }
        finally
        {
            foreach (var request in api.Requests)
            {
                output.WriteLine("API: " + request);
            }

            foreach (var (silo, pod) in silos.Zip(PodNames))
            {
                var log = Path.Combine(AppContext.BaseDirectory, $"k8s-hosting-{pod}.log");
                await File.WriteAllTextAsync(log, silo.Output);
                output.WriteLine($"silo of {pod} log: {log}");
            }
        }

        // Every call the hosting made was one rbac.yaml allows, and everything rbac.yaml grants was needed.
        var requests = api.Requests;
        Assert.All(requests, request => Assert.True(rbac.Allows(request) && request.Status < 400, $"not allowed or failed: {request}"));
        Assert.Contains(requests, r => r.Verb == "get" && r.Name == PodNames[0]);
        Assert.Contains(requests, r => r.Verb == "get" && r.Name == PodNames[1]);
        Assert.Contains(requests, r => r.Verb == "list" && r.Query.Contains("labelSelector=orleans", StringComparison.Ordinal));
        Assert.Empty(rbac.Unused(requests));
    }

    private static void Replace(Dictionary<string, string> environment, string key, string value)
    {
        Assert.True(environment.ContainsKey(key), $"infra/k8s no longer sets {key}; update the test's endpoint list");
        environment[key] = value;
    }

    private static void Add(Dictionary<string, string> environment, string key, string value)
    {
        Assert.False(environment.ContainsKey(key), $"infra/k8s sets {key}; the test would override the file's value");
        environment[key] = value;
    }
}
