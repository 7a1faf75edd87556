using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Testing.Kubernetes;

/// <summary>
/// A stand-in for the Kubernetes API server, for exactly the pod calls a client such as Orleans' Kubernetes hosting
/// makes, on HTTPS with a cluster CA (<see cref="CaCertificatePem"/>, what a pod gets as <c>ca.crt</c>) and one
/// ServiceAccount bearer token (<see cref="Token"/>). Checked against the published API (kubernetes.io/docs/reference):
/// <list type="bullet">
/// <item>Pod v1 operations (kubernetes-api/workload-resources/pod-v1): read <c>GET /api/v1/namespaces/{ns}/pods/{name}</c>,
/// list and watch <c>GET /api/v1/namespaces/{ns}/pods</c> (and <c>/api/v1/pods</c>) with <c>labelSelector</c>,
/// <c>watch</c>, <c>resourceVersion</c>, <c>timeoutSeconds</c>; patch <c>PATCH .../pods/{name}</c> with
/// <c>application/merge-patch+json</c> (the only patch type here; the others answer 415); delete
/// <c>DELETE .../pods/{name}</c>, immediate (no grace period).</item>
/// <item>Shapes: Pod and PodList (items without kind/apiVersion, list metadata with resourceVersion); WatchEvent
/// (common-definitions/watch-event-v1-meta) as one JSON object per line on a chunked 200 response; Status
/// (common-definitions/status-v1-meta) for every failure, with reason and code.</item>
/// <item>Watch semantics (using-api/api-concepts, "Efficient detection of changes", "Semantics for watch"): see
/// <see cref="PodStore.Watch"/>.</item>
/// <item>Authorization (access-authn-authz/authorization, "Determine the request verb"): GET of one object is
/// <c>get</c>, of a collection <c>list</c>, with <c>watch=true</c> <c>watch</c>; PATCH <c>patch</c>; DELETE of one
/// object <c>delete</c>, of a collection <c>deletecollection</c>; POST <c>create</c>; PUT <c>update</c>. A request the
/// authorizer refuses gets 403 Forbidden with the API server's message; one without the token 401.</item>
/// </list>
/// Every request is recorded (<see cref="Requests"/>) with those attributes and the status answered.
/// </summary>
public sealed class KubernetesApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ApiServerCertificates _certificates;
    private readonly Func<KubernetesApiRequest, bool> _authorize;
    private readonly PodStore _pods = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _lock = new();
    private readonly List<KubernetesApiRequest> _requests = [];

    private KubernetesApiServer(
        WebApplication app, ApiServerCertificates certificates, string user, Func<KubernetesApiRequest, bool> authorize)
    {
        _app = app;
        _certificates = certificates;
        User = user;
        _authorize = authorize;
    }

    /// <summary>The loopback address the server listens on, as <c>KUBERNETES_SERVICE_HOST</c> names it.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>The HTTPS port, as <c>KUBERNETES_SERVICE_PORT</c> names it.</summary>
    public int Port { get; private set; }

    /// <summary>The cluster CA in PEM: the content of a pod's <c>/var/run/secrets/kubernetes.io/serviceaccount/ca.crt</c>.</summary>
    public string CaCertificatePem => _certificates.AuthorityPem;

    /// <summary>The ServiceAccount token the server accepts (the content of the pod's <c>token</c> file).</summary>
    public string Token { get; } = "kickstarter-test-token-" + Guid.NewGuid().ToString("N");

    /// <summary>The user the token authenticates as, e.g. <c>system:serviceaccount:kickstarter:kickstarter-silo</c>.</summary>
    public string User { get; }

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<KubernetesApiRequest> Requests
    {
        get { lock (_lock) { return [.. _requests]; } }
    }

    /// <summary>
    /// Starts the server; <paramref name="authorize"/> decides each authenticated request (as RBAC would for
    /// <paramref name="user"/>), before it is served.
    /// </summary>
    public static async Task<KubernetesApiServer> StartAsync(string user, Func<KubernetesApiRequest, bool> authorize)
    {
        var certificates = ApiServerCertificates.Create();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificates.Server)));
        var app = builder.Build();
        var server = new KubernetesApiServer(app, certificates, user, authorize);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        server.Port = new Uri(app.Urls.First()).Port;
        return server;
    }

    /// <summary>Creates a running pod, as the Deployment's ReplicaSet and the scheduler would.</summary>
    public void AddPod(string @namespace, string name, IReadOnlyDictionary<string, string> labels, string podIp, string serviceAccount) =>
        _pods.Add(@namespace, name, labels, podIp, serviceAccount);

    /// <summary>The pod as stored now, or null.</summary>
    public JsonObject? Pod(string @namespace, string name) => _pods.Get(@namespace, name);

    /// <summary>
    /// Removes a pod as the API server does when its deletion completes (<c>kubectl delete pod</c>, a scale-down, an
    /// eviction): every watch that selects it gets a DELETED event. True when it existed.
    /// </summary>
    public bool DeletePod(string @namespace, string name) => _pods.Delete(@namespace, name) is not null;

    /// <summary>How many watch streams on pods of <paramref name="namespace"/> are open now.</summary>
    public int OpenPodWatches(string @namespace) => _pods.OpenWatches(@namespace);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _pods.CloseWatches();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _certificates.Dispose();
        _stopping.Dispose();
    }

    /// <summary>A Status v1 object, the body of every failure (and of a watch's ERROR event).</summary>
    internal static JsonObject Status(int code, string reason, string message, string? name = null, string? kind = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        if (kind is not null)
        {
            status["details"] = name is null ? new JsonObject { ["kind"] = kind } : new JsonObject { ["name"] = name, ["kind"] = kind };
        }

        return status;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var route = ParseRoute(request.Path.Value ?? "/", out var watchPath);
        var watch = watchPath || request.Query["watch"] is var flag && (flag == "true" || flag == "1");
        var verb = route is null ? request.Method.ToLowerInvariant() : VerbOf(request.Method, route.Value.Name, watch);
        var (group, resource, @namespace, name) = route ?? ("", request.Path.Value ?? "/", null, null);
        var attributes = new KubernetesApiRequest(verb, group, resource, @namespace, name, request.QueryString.Value ?? "", 0);

        if (request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await RespondAsync(context, attributes, Status(401, "Unauthorized", "Unauthorized")).ConfigureAwait(false);
            return;
        }

        if (route is null)
        {
            await RespondAsync(context, attributes, Status(404, "NotFound", "the server could not find the requested resource"))
                .ConfigureAwait(false);
            return;
        }

        if (!_authorize(attributes))
        {
            var what = name is null ? resource : $"{resource} \"{name}\"";
            var where = @namespace is null ? "at the cluster scope" : $"in the namespace \"{@namespace}\"";
            var message = $"{what} is forbidden: User \"{User}\" cannot {verb} resource \"{resource}\" in API group \"{group}\" {where}";
            await RespondAsync(context, attributes, Status(403, "Forbidden", message, name, resource)).ConfigureAwait(false);
            return;
        }

        if (group.Length != 0 || resource != "pods")
        {
            var message = $"the server could not find the requested resource ({resource})";
            await RespondAsync(context, attributes, Status(404, "NotFound", message)).ConfigureAwait(false);
            return;
        }

        var selector = LabelSelector.Parse(request.Query["labelSelector"]);
        if (selector is null)
        {
            var message = $"unable to parse requirement: {request.Query["labelSelector"]} " +
                "(this stand-in knows equality-based selectors only)";
            await RespondAsync(context, attributes, Status(400, "BadRequest", message)).ConfigureAwait(false);
            return;
        }

        switch (verb)
        {
            case "get":
                await RespondAsync(context, attributes, _pods.Get(@namespace!, name!) ?? NotFound(name!)).ConfigureAwait(false);
                break;
            case "list":
                var (items, version) = _pods.List(@namespace, selector);
                var list = new JsonObject
                {
                    ["kind"] = "PodList",
                    ["apiVersion"] = "v1",
                    ["metadata"] = new JsonObject { ["resourceVersion"] = version },
                    ["items"] = new JsonArray([.. items.Select(WithoutTypeMeta)]),
                };
                await RespondAsync(context, attributes, list).ConfigureAwait(false);
                break;
            case "watch" when name is null:
                await StreamWatchAsync(context, attributes, selector).ConfigureAwait(false);
                break;
            case "patch":
                await PatchAsync(context, attributes).ConfigureAwait(false);
                break;
            case "delete":
                await RespondAsync(context, attributes, _pods.Delete(@namespace!, name!) ?? NotFound(name!)).ConfigureAwait(false);
                break;
            default:
                var unsupported = $"the stand-in does not serve {verb} on pods";
                await RespondAsync(context, attributes, Status(405, "MethodNotAllowed", unsupported)).ConfigureAwait(false);
                break;
        }
    }

    private async Task PatchAsync(HttpContext context, KubernetesApiRequest attributes)
    {
        var contentType = context.Request.ContentType?.Split(';')[0].Trim();
        if (contentType != "application/merge-patch+json")
        {
            var message = "the body of the request was in an unknown format - accepted media types include: " +
                $"application/merge-patch+json (this stand-in), was {contentType}";
            await RespondAsync(context, attributes, Status(415, "UnsupportedMediaType", message)).ConfigureAwait(false);
            return;
        }

        var patch = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false);
        if (patch is null)
        {
            await RespondAsync(context, attributes, Status(400, "BadRequest", "empty patch")).ConfigureAwait(false);
            return;
        }

        var patched = _pods.Patch(attributes.Namespace!, attributes.Name!, patch);
        await RespondAsync(context, attributes, patched ?? NotFound(attributes.Name!)).ConfigureAwait(false);
    }

    private async Task StreamWatchAsync(HttpContext context, KubernetesApiRequest attributes, LabelSelector selector)
    {
        var query = context.Request.Query;
        var watch = _pods.Watch(attributes.Namespace, selector, query["resourceVersion"]);
        Record(attributes with { Status = 200 });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        if (int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        try
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(stop.Token).ConfigureAwait(false);
            await foreach (var line in watch.Lines.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                await context.Response.WriteAsync(line + "\n", stop.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client went away, the timeout passed or the server stops: the stream just ends, as the API server's does.
        }
        finally
        {
            _pods.Unwatch(watch);
        }
    }

    private async Task RespondAsync(HttpContext context, KubernetesApiRequest attributes, JsonObject body)
    {
        var status = body["kind"]?.GetValue<string>() == "Status" ? body["code"]!.GetValue<int>() : 200;
        Record(attributes with { Status = status });
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), _stopping.Token).ConfigureAwait(false);
    }

    private void Record(KubernetesApiRequest request)
    {
        lock (_lock)
        {
            _requests.Add(request);
        }
    }

    private static JsonObject NotFound(string name) => Status(404, "NotFound", $"pods \"{name}\" not found", name, "pods");

    private static JsonObject WithoutTypeMeta(JsonObject pod)
    {
        pod.Remove("kind");
        pod.Remove("apiVersion");
        return pod;
    }

    /// <summary>
    /// <c>/api/v1[/watch]/namespaces/{ns}/{resource}[/{name}[/{subresource}]]</c>, <c>/api/v1[/watch]/{resource}</c>,
    /// and the same under <c>/apis/{group}/{version}</c>; null for anything else (discovery, /version, ...).
    /// </summary>
    private static (string Group, string Resource, string? Namespace, string? Name)? ParseRoute(string path, out bool watchPath)
    {
        watchPath = false;
        var segments = path.Trim('/').Split('/');
        string group;
        int next;
        if (segments is ["api", "v1", ..])
        {
            (group, next) = ("", 2);
        }
        else if (segments is ["apis", var apiGroup, _, ..])
        {
            (group, next) = (apiGroup, 3);
        }
        else
        {
            return null;
        }

        var rest = segments[next..];
        if (rest is ["watch", ..])
        {
            (rest, watchPath) = (rest[1..], true); // the deprecated watch paths
        }

        return rest switch
        {
            ["namespaces", var ns, var resource] => (group, resource, ns, null),
            ["namespaces", var ns, var resource, var name] => (group, resource, ns, name),
            ["namespaces", var ns, var resource, var name, var sub] => (group, $"{resource}/{sub}", ns, name),
            [var resource] => (group, resource, null, null),
            _ => null,
        };
    }

    private static string VerbOf(string method, string? name, bool watch) => method switch
    {
        "GET" or "HEAD" when watch => "watch",
        "GET" or "HEAD" => name is null ? "list" : "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => name is null ? "deletecollection" : "delete",
        _ => method.ToLowerInvariant(),
    };
}
