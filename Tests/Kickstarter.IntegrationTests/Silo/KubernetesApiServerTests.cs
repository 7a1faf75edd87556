using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Kickstarter.Testing.Kubernetes;

namespace Kickstarter.IntegrationTests.Silo;

/// <summary>
/// The Kubernetes API stand-in of <see cref="KubernetesHostingProcessTests"/> as the official .NET client
/// (KubernetesClient, the one Orleans' hosting uses) sees it: TLS against the cluster CA, bearer token, the Pod and
/// PodList shapes it deserializes, merge patches, watches that start with the current pods or at a resourceVersion, and
/// the Status of a refused request. Covers the calls the process test never makes (patch, delete, a watch from a
/// version, 401 and 403).
/// </summary>
public sealed class KubernetesApiServerTests
{
    private const string Namespace = "kickstarter";
    private static readonly Dictionary<string, string> SiloLabels = new()
    {
        ["orleans/serviceId"] = "kickstarter", ["app"] = "silo",
    };
    private static readonly Dictionary<string, string> OtherLabels = new() { ["app"] = "other" };

    [Fact]
    public async Task OfficialClientReadsListsPatchesAndDeletesPods()
    {
        await using var api = await KubernetesApiServer.StartAsync("system:serviceaccount:kickstarter:test", _ => true);
        api.AddPod(Namespace, "silo-a", SiloLabels, "10.0.0.1", "test");
        api.AddPod(Namespace, "other-b", OtherLabels, "10.0.0.2", "test");
        using var client = Client(api, api.Token);

        var list = await client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: "orleans/serviceId=kickstarter");
        Assert.Equal(["silo-a"], list.Items.Select(p => p.Metadata.Name));
        Assert.False(string.IsNullOrEmpty(list.Metadata.ResourceVersion));
        Assert.Equal(2, (await client.CoreV1.ListNamespacedPodAsync(Namespace)).Items.Count);
        Assert.Empty((await client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: "app!=silo,app!=other")).Items);

        var pod = await client.CoreV1.ReadNamespacedPodAsync("silo-a", Namespace);
        Assert.Equal("kickstarter", pod.Labels()["orleans/serviceId"]);
        Assert.Equal("10.0.0.1", pod.Status.PodIP);
        Assert.Equal("Running", pod.Status.Phase);

        var patch = new V1Patch("""{"metadata":{"labels":{"orleans/clusterId":"c1","app":null}}}""", V1Patch.PatchType.MergePatch);
        var patched = await client.CoreV1.PatchNamespacedPodAsync(patch, "silo-a", Namespace);
        Assert.Equal("c1", patched.Labels()["orleans/clusterId"]);
        Assert.False(patched.Labels().ContainsKey("app")); // null removes a key (RFC 7386)
        var (before, after) = (long.Parse(pod.ResourceVersion(), CultureInfo.InvariantCulture),
            long.Parse(patched.ResourceVersion(), CultureInfo.InvariantCulture));
        Assert.True(after > before, $"resourceVersion {before} -> {after}");
        Assert.Equal(pod.Uid(), patched.Uid());

        var deleted = await client.CoreV1.DeleteNamespacedPodAsync("other-b", Namespace);
        Assert.Equal("other-b", deleted.Metadata.Name);
        var missing = await Assert.ThrowsAsync<HttpOperationException>(
            () => client.CoreV1.ReadNamespacedPodAsync("other-b", Namespace));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);

        Assert.Equal(["list", "list", "list", "get", "patch", "delete", "get"], api.Requests.Select(r => r.Verb));
        Assert.All(api.Requests, r => Assert.Equal(("", "pods", Namespace), (r.ApiGroup, r.Resource, r.Namespace)));
    }

    [Fact]
    public async Task WatchStartsWithTheCurrentPodsThenStreamsEveryChangeToTheSelection()
    {
        await using var api = await KubernetesApiServer.StartAsync("system:serviceaccount:kickstarter:test", _ => true);
        api.AddPod(Namespace, "silo-a", SiloLabels, "10.0.0.1", "test");
        api.AddPod(Namespace, "other-b", OtherLabels, "10.0.0.2", "test");
        using var client = Client(api, api.Token);
        var from = (await client.CoreV1.ListNamespacedPodAsync(Namespace)).Metadata.ResourceVersion;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // Without a resourceVersion: a synthetic ADDED per selected pod, then the changes as they happen.
        var events = client.CoreV1.WatchListNamespacedPodAsync(
            Namespace, labelSelector: "app=silo", cancellationToken: timeout.Token);
        var seen = new List<(WatchEventType, string)>();
        await foreach (var (type, pod) in events)
        {
            seen.Add((type, pod.Metadata.Name));
            if (seen.Count == 1)
            {
                api.AddPod(Namespace, "silo-c", SiloLabels, "10.0.0.3", "test");
                api.AddPod(Namespace, "other-d", OtherLabels, "10.0.0.4", "test"); // not selected: no event
                await client.CoreV1.PatchNamespacedPodAsync(
                    new V1Patch("""{"metadata":{"labels":{"app":"other"}}}""", V1Patch.PatchType.MergePatch), "silo-a", Namespace);
                Assert.True(api.DeletePod(Namespace, "silo-c"));
            }

            if (seen.Count == 4)
            {
                break;
            }
        }

        // silo-a leaves the selection by its patch: DELETED for this watch, as the API server's watch cache reports it.
        Assert.Equal(
        [
            (WatchEventType.Added, "silo-a"), (WatchEventType.Added, "silo-c"),
            (WatchEventType.Deleted, "silo-a"), (WatchEventType.Deleted, "silo-c"),
        ], seen);

        // From the list's resourceVersion: only what changed after it, no synthetic events.
        var replay = new List<(WatchEventType, string)>();
        await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync(
            Namespace, resourceVersion: from, cancellationToken: timeout.Token))
        {
            replay.Add((type, pod.Metadata.Name));
            if (replay.Count == 4)
            {
                break;
            }
        }

        Assert.Equal(
        [
            (WatchEventType.Added, "silo-c"), (WatchEventType.Added, "other-d"),
            (WatchEventType.Modified, "silo-a"), (WatchEventType.Deleted, "silo-c"),
        ], replay);
        Assert.All(api.Requests.Where(r => r.Query.Contains("watch=true", StringComparison.Ordinal)),
            r => Assert.Equal("watch", r.Verb));
    }

    [Fact]
    public async Task RequestsTheAuthorizerRefusesGetForbiddenAndWithoutTheTokenUnauthorized()
    {
        await using var api = await KubernetesApiServer.StartAsync(
            "system:serviceaccount:kickstarter:test", request => request.Verb != "delete");
        api.AddPod(Namespace, "silo-a", SiloLabels, "10.0.0.1", "test");
        using var client = Client(api, api.Token);
        using var stranger = Client(api, "not-the-token");

        var forbidden = await Assert.ThrowsAsync<HttpOperationException>(
            () => client.CoreV1.DeleteNamespacedPodAsync("silo-a", Namespace));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Response.StatusCode);
        var status = JsonNode.Parse(forbidden.Response.Content)!; // a Status v1 object
        Assert.Equal(("Status", "Failure", "Forbidden", 403),
            (status["kind"]!.GetValue<string>(), status["status"]!.GetValue<string>(), status["reason"]!.GetValue<string>(),
                status["code"]!.GetValue<int>()));
        Assert.Contains("cannot delete resource \"pods\"", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(api.Pod(Namespace, "silo-a"));

        var unauthorized = await Assert.ThrowsAsync<HttpOperationException>(
            () => stranger.CoreV1.ReadNamespacedPodAsync("silo-a", Namespace));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.Response.StatusCode);
        Assert.Equal([("delete", 403), ("get", 401)], api.Requests.Select(r => (r.Verb, r.Status)));
    }

    private static k8s.Kubernetes Client(KubernetesApiServer api, string token) => new(new KubernetesClientConfiguration
    {
        Host = $"https://{api.Host}:{api.Port}",
        AccessToken = token,
        SslCaCerts = [X509Certificate2.CreateFromPem(api.CaCertificatePem)],
    });
}
