using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Kickstarter.Testing.Kubernetes;

/// <summary>
/// The pods of a <see cref="KubernetesApiServer"/>, with what a watch needs: one resourceVersion counter for every
/// change (API concepts, "Resource versions": opaque to clients, here increasing integers), the history of changes,
/// and the open watches, each told of every change to an object its label selector matches before or after.
/// </summary>
internal sealed class PodStore
{
    private readonly object _lock = new();
    private readonly Dictionary<(string Namespace, string Name), JsonObject> _pods = [];
    private readonly List<(long Version, string Namespace, JsonObject? Before, JsonObject? After, JsonObject State)> _history = [];
    private readonly List<PodWatch> _watches = [];
    private readonly long _firstVersion = 1000;
    private long _version = 1000;

    public string ResourceVersion { get { lock (_lock) { return Text(_version); } } }

    public int OpenWatches(string @namespace)
    {
        lock (_lock)
        {
            return _watches.Count(watch => watch.Namespace == @namespace);
        }
    }

    /// <summary>A pod as the API returns it (Pod v1: metadata, spec, status), created running with one IP.</summary>
    public JsonObject Add(string @namespace, string name, IReadOnlyDictionary<string, string> labels, string podIp, string serviceAccount)
    {
        var labelObject = new JsonObject();
        foreach (var (key, value) in labels)
        {
            labelObject[key] = value;
        }

        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = @namespace,
                ["uid"] = Guid.NewGuid().ToString(),
                ["creationTimestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["labels"] = labelObject,
            },
            ["spec"] = new JsonObject
            {
                ["serviceAccountName"] = serviceAccount,
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "silo", ["image"] = "kickstarter-silo:latest" }),
            },
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["podIP"] = podIp,
                ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }),
            },
        };
        lock (_lock)
        {
            if (_pods.ContainsKey((@namespace, name)))
            {
                throw new InvalidOperationException($"pod {@namespace}/{name} exists already");
            }

            Change(@namespace, null, pod);
            _pods[(@namespace, name)] = pod;
            return (JsonObject)pod.DeepClone();
        }
    }

    public JsonObject? Get(string @namespace, string name)
    {
        lock (_lock)
        {
            return _pods.TryGetValue((@namespace, name), out var pod) ? (JsonObject)pod.DeepClone() : null;
        }
    }

    /// <summary>The pods of <paramref name="namespace"/> (all when null) that <paramref name="selector"/> matches.</summary>
    public (List<JsonObject> Items, string ResourceVersion) List(string? @namespace, LabelSelector selector)
    {
        lock (_lock)
        {
            var items = _pods
                .Where(pod => (@namespace is null || pod.Key.Namespace == @namespace) && selector.Matches(Labels(pod.Value)))
                .OrderBy(pod => pod.Key.Namespace, StringComparer.Ordinal).ThenBy(pod => pod.Key.Name, StringComparer.Ordinal)
                .Select(pod => (JsonObject)pod.Value.DeepClone())
                .ToList();
            return (items, Text(_version));
        }
    }

    /// <summary>Applies a JSON merge patch (RFC 7386) to the pod; its name and namespace cannot change.</summary>
    public JsonObject? Patch(string @namespace, string name, JsonNode patch)
    {
        lock (_lock)
        {
            if (!_pods.TryGetValue((@namespace, name), out var before))
            {
                return null;
            }

            var after = (JsonObject)MergePatch(before.DeepClone(), patch)!;
            after["metadata"]!["name"] = name;
            after["metadata"]!["namespace"] = @namespace;
            after["metadata"]!["uid"] = before["metadata"]!["uid"]!.DeepClone();
            Change(@namespace, before, after);
            _pods[(@namespace, name)] = after;
            return (JsonObject)after.DeepClone();
        }
    }

    /// <summary>Removes the pod (the final removal, after any grace period); watches get DELETED with its last state.</summary>
    public JsonObject? Delete(string @namespace, string name)
    {
        lock (_lock)
        {
            if (!_pods.Remove((@namespace, name), out var before))
            {
                return null;
            }

            var last = (JsonObject)before.DeepClone();
            Change(@namespace, before, null, last);
            return last;
        }
    }

    /// <summary>
    /// Opens a watch. Without a resourceVersion (or "0") it starts with a synthetic ADDED event for every matching pod
    /// (API concepts, "Semantics for watch": "Get State and Start at Most Recent"); with one, it replays the changes
    /// after it, or answers 410 Gone in an ERROR event when that version is older than the history kept.
    /// </summary>
    public PodWatch Watch(string? @namespace, LabelSelector selector, string? resourceVersion)
    {
        lock (_lock)
        {
            var watch = new PodWatch(@namespace, selector);
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
            {
                foreach (var pod in List(@namespace, selector).Items)
                {
                    watch.Send("ADDED", pod);
                }
            }
            else if (!long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var from) || from < _firstVersion)
            {
                var expired = $"too old resource version: {resourceVersion} ({_version})";
                watch.Send("ERROR", KubernetesApiServer.Status(410, "Expired", expired));
                watch.Complete();
                return watch;
            }
            else
            {
                foreach (var (_, eventNamespace, before, after, state) in _history.Where(change => change.Version > from))
                {
                    watch.Offer(eventNamespace, before, after, state);
                }
            }

            _watches.Add(watch);
            return watch;
        }
    }

    public void Unwatch(PodWatch watch)
    {
        lock (_lock)
        {
            _watches.Remove(watch);
        }

        watch.Complete();
    }

    public void CloseWatches()
    {
        lock (_lock)
        {
            foreach (var watch in _watches)
            {
                watch.Complete();
            }
        }
    }

    public static Dictionary<string, string> Labels(JsonObject pod) =>
        pod["metadata"]?["labels"] is JsonObject labels
            ? labels.ToDictionary(label => label.Key, label => label.Value?.GetValue<string>() ?? "", StringComparer.Ordinal)
            : [];

    private void Change(string @namespace, JsonObject? before, JsonObject? after, JsonObject? deleted = null)
    {
        _version++;
        var changed = after ?? deleted!;
        changed["metadata"]!["resourceVersion"] = Text(_version);
        var beforeCopy = (JsonObject?)before?.DeepClone();
        var afterCopy = (JsonObject?)after?.DeepClone();
        var state = (JsonObject)changed.DeepClone();
        _history.Add((_version, @namespace, beforeCopy, afterCopy, state));
        foreach (var watch in _watches)
        {
            watch.Offer(@namespace, beforeCopy, afterCopy, state);
        }
    }

    private static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
                continue;
            }

            result.Remove(key, out var existing);
            result[key] = MergePatch(existing, value);
        }

        return result;
    }

    private static string Text(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>One open watch: the event lines to stream (WatchEvent v1: <c>{"type": ..., "object": ...}</c>).</summary>
    internal sealed class PodWatch(string? @namespace, LabelSelector selector)
    {
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

        public string? Namespace { get; } = @namespace;
        public ChannelReader<string> Lines => _lines.Reader;

        /// <summary>
        /// ADDED when the object starts matching the selector, MODIFIED while it matches, DELETED when it is removed or
        /// stops matching (the watch of a selection sees an object leave it), nothing otherwise.
        /// </summary>
        public void Offer(string eventNamespace, JsonObject? before, JsonObject? after, JsonObject state)
        {
            if (Namespace is not null && Namespace != eventNamespace)
            {
                return;
            }

            var matchedBefore = before is not null && selector.Matches(Labels(before));
            var matchesAfter = after is not null && selector.Matches(Labels(after));
            var type = (matchedBefore, matchesAfter) switch
            {
                (false, true) => "ADDED",
                (true, true) => "MODIFIED",
                (true, false) => "DELETED",
                _ => null,
            };
            if (type is not null)
            {
                Send(type, state);
            }
        }

        public void Send(string type, JsonObject state) =>
            _lines.Writer.TryWrite(new JsonObject { ["type"] = type, ["object"] = state.DeepClone() }.ToJsonString());

        public void Complete() => _lines.Writer.TryComplete();
    }
}
