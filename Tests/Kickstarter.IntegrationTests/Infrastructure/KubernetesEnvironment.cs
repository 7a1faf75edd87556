using YamlDotNet.RepresentationModel;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// The environment a silo pod of <c>infra/k8s</c> gets, read from the shipped manifests (not copied): the ConfigMap
/// (and any Secret) its container takes with <c>envFrom</c>, then its own <c>env</c> entries, with downward-API fields
/// resolved from the pod template's labels and the pod values given here, and <c>secretKeyRef</c> entries from the
/// Secrets the operator created (<c>kubectl create secret</c>, given here as name to key to value), as the kubelet
/// resolves them: a missing Secret or key of a reference with <c>optional: false</c> stops the pod.
/// </summary>
public static class KubernetesEnvironment
{
    /// <summary>Environment of the container of the Deployment whose pods carry the <c>orleans/serviceId</c> label.</summary>
    public static Dictionary<string, string> OfSiloPod(
        string k8sFolder, string podName, string podIp, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> createdSecrets) =>
        OfPod(k8sFolder, deployment => Labels(deployment).ContainsKey("orleans/serviceId"), podName, podIp, createdSecrets);

    /// <summary>Environment of the container of the Deployment named <paramref name="deploymentName"/>.</summary>
    public static Dictionary<string, string> OfDeploymentPod(
        string k8sFolder, string deploymentName, string podName, string podIp,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> createdSecrets) =>
        OfPod(k8sFolder, deployment => Scalar(deployment["metadata"]["name"]) == deploymentName, podName, podIp, createdSecrets);

    /// <summary>
    /// The pod template of the silo Deployment (the one whose pods carry <c>orleans/serviceId</c>): its labels, its
    /// ServiceAccount, and whether the kubelet mounts that account's token (<c>automountServiceAccountToken</c>, on
    /// unless the template, or else the ServiceAccount, turns it off).
    /// </summary>
    public static (Dictionary<string, string> Labels, string ServiceAccount, bool MountsToken) SiloPodTemplate(string k8sFolder)
    {
        var objects = Directory.EnumerateFiles(k8sFolder, "*.yaml").SelectMany(Documents).ToList();
        var deployment = objects.Single(o => Kind(o) == "Deployment" && Labels(o).ContainsKey("orleans/serviceId"));
        var template = (YamlMappingNode)deployment["spec"]["template"];
        var spec = (YamlMappingNode)template["spec"];
        var account = spec.Children.TryGetValue("serviceAccountName", out var name) ? Scalar(name) : "default";
        var accountObject = objects.SingleOrDefault(o => Kind(o) == "ServiceAccount" && Scalar(o["metadata"]["name"]) == account);
        // The pod's own setting wins over the ServiceAccount's (ServiceAccount docs, "Opt out of API credential automounting").
        var mounts = spec.Children.TryGetValue("automountServiceAccountToken", out var podFlag)
            ? Scalar(podFlag) != "false"
            : !(accountObject is not null && accountObject.Children.TryGetValue("automountServiceAccountToken", out var accountFlag)
                && Scalar(accountFlag) == "false");
        return (Labels(template), account, mounts);
    }

    private static Dictionary<string, string> OfPod(
        string k8sFolder, Func<YamlMappingNode, bool> which, string podName, string podIp,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> createdSecrets)
    {
        var objects = Directory.EnumerateFiles(k8sFolder, "*.yaml").SelectMany(Documents).ToList();
        var deployment = objects.Single(o => Kind(o) == "Deployment" && which(o));
        var template = (YamlMappingNode)deployment["spec"]["template"];
        var container = (YamlMappingNode)((YamlSequenceNode)template["spec"]["containers"])[0];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var source in Sequence(container, "envFrom").Cast<YamlMappingNode>())
        {
            var (kind, dataKeys) = source.Children.ContainsKey("configMapRef")
                ? ("ConfigMap", new[] { "data" })
                : ("Secret", new[] { "stringData", "data" });
            var name = Scalar(source[kind == "ConfigMap" ? "configMapRef" : "secretRef"]["name"]);
            if (kind == "Secret" && createdSecrets.TryGetValue(name, out var created))
            {
                foreach (var (key, value) in created)
                {
                    environment[key] = value;
                }

                continue;
            }

            var found = objects.Single(o => Kind(o) == kind && Scalar(o["metadata"]["name"]) == name);
            foreach (var dataKey in dataKeys.Where(k => found.Children.ContainsKey(k)))
            {
                if (dataKey == "data" && kind == "Secret")
                {
                    throw new NotSupportedException($"Secret {name} uses base64 'data'; the test reads stringData only.");
                }

                foreach (var (key, value) in (YamlMappingNode)found[dataKey])
                {
                    environment[Scalar(key)] = Scalar(value);
                }
            }
        }

        var labels = Labels(template);
        foreach (var entry in Sequence(container, "env").Cast<YamlMappingNode>())
        {
            var name = Scalar(entry["name"]);
            if (entry.Children.ContainsKey("value"))
            {
                environment[name] = Scalar(entry["value"]);
            }
            else if (((YamlMappingNode)entry["valueFrom"]).Children.TryGetValue("secretKeyRef", out var secretRef))
            {
                if (SecretKey((YamlMappingNode)secretRef, createdSecrets) is { } value)
                {
                    environment[name] = value;
                }
            }
            else
            {
                environment[name] = FieldRef(Scalar(entry["valueFrom"]["fieldRef"]["fieldPath"]), labels, podName, podIp);
            }
        }

        return environment;
    }

    /// <summary>The key's value; null for a missing optional one; a missing required one stops the pod, as the kubelet does.</summary>
    private static string? SecretKey(YamlMappingNode reference, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> createdSecrets)
    {
        var name = Scalar(reference["name"]);
        var key = Scalar(reference["key"]);
        var optional = reference.Children.TryGetValue("optional", out var flag) && Scalar(flag) == "true";
        if (createdSecrets.TryGetValue(name, out var secret) && secret.TryGetValue(key, out var value))
        {
            return value;
        }

        return optional
            ? null
            : throw new InvalidOperationException($"CreateContainerConfigError: secret {name} (key {key}) not found; the pod would not start.");
    }

    private static string FieldRef(string fieldPath, Dictionary<string, string> labels, string podName, string podIp)
    {
        const string labelPrefix = "metadata.labels['";
        if (fieldPath.StartsWith(labelPrefix, StringComparison.Ordinal))
        {
            return labels[fieldPath[labelPrefix.Length..^2]];
        }

        return fieldPath switch
        {
            "metadata.name" => podName,
            "metadata.namespace" => "kickstarter",
            "status.podIP" => podIp,
            _ => throw new NotSupportedException($"downward API field {fieldPath}"),
        };
    }

    private static IEnumerable<YamlMappingNode> Documents(string file)
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(file);
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>();
    }

    private static string Kind(YamlMappingNode node) => node.Children.TryGetValue("kind", out var kind) ? Scalar(kind) : "";

    private static Dictionary<string, string> Labels(YamlMappingNode node) =>
        ((YamlMappingNode)node["metadata"]).Children.TryGetValue("labels", out var labels)
            ? ((YamlMappingNode)labels).Children.ToDictionary(p => Scalar(p.Key), p => Scalar(p.Value))
            : [];

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? (YamlSequenceNode)value : [];

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
}
