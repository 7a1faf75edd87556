using Kickstarter.Testing.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// What the shipped manifests let one ServiceAccount do, read from them (not copied), as the RBAC authorizer decides
/// (kubernetes.io/docs/reference/access-authn-authz/rbac): the rules of every Role a RoleBinding in the account's
/// namespace binds to it (or ClusterRole, limited to the binding's namespace), and of every ClusterRole a
/// ClusterRoleBinding binds (cluster-wide). A rule allows a request when its apiGroups, resources and verbs each
/// contain the request's (or <c>*</c>) and, if it names resourceNames, the object's name is one of them.
/// </summary>
public sealed class KubernetesRbac
{
    private KubernetesRbac(IReadOnlyList<Grant> grants) => Grants = grants;

    /// <summary>One rule as granted to the account, with the namespace it applies in (null: every namespace).</summary>
    public sealed record Grant(
        string Source, string? Namespace, IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources,
        IReadOnlyList<string> Verbs, IReadOnlyList<string> ResourceNames)
    {
        public bool Allows(KubernetesApiRequest request) =>
            (Namespace is null || Namespace == request.Namespace)
            && Matches(ApiGroups, request.ApiGroup) && Matches(Resources, request.Resource) && Matches(Verbs, request.Verb)
            && (ResourceNames.Count == 0 || (request.Name is not null && ResourceNames.Contains(request.Name)));

        private static bool Matches(IReadOnlyList<string> allowed, string value) => allowed.Contains("*") || allowed.Contains(value);
    }

    /// <summary>Every rule that applies to the account.</summary>
    public IReadOnlyList<Grant> Grants { get; }

    /// <summary>Reads every <c>*.yaml</c> of <paramref name="folder"/> for the account <paramref name="serviceAccount"/>.</summary>
    public static KubernetesRbac ForServiceAccount(string folder, string @namespace, string serviceAccount)
    {
        var objects = Directory.EnumerateFiles(folder, "*.yaml").SelectMany(Documents).ToList();
        var grants = new List<Grant>();
        foreach (var binding in objects.Where(o => Kind(o) is "RoleBinding" or "ClusterRoleBinding"))
        {
            var bindingNamespace = Kind(binding) == "RoleBinding" ? Text(binding["metadata"], "namespace") : null;
            var subjects = binding.Children.TryGetValue("subjects", out var list) ? ((YamlSequenceNode)list).Cast<YamlMappingNode>() : [];
            if (!subjects.Any(s =>
                Text(s, "kind") == "ServiceAccount" && Text(s, "name") == serviceAccount && Text(s, "namespace") == @namespace))
            {
                continue;
            }

            var roleKind = Text(binding["roleRef"], "kind");
            var roleName = Text(binding["roleRef"], "name");
            var role = objects.SingleOrDefault(o => Kind(o) == roleKind && Text(o["metadata"], "name") == roleName
                && (roleKind == "ClusterRole" || Text(o["metadata"], "namespace") == bindingNamespace))
                ?? throw new InvalidOperationException(
                    $"{Kind(binding)} {Text(binding["metadata"], "name")} binds {roleKind} {roleName}, which no file defines");
            var rules = ((YamlSequenceNode)role["rules"]).Cast<YamlMappingNode>().ToList();
            for (var i = 0; i < rules.Count; i++)
            {
                var rule = rules[i];
                grants.Add(new Grant($"{roleKind} {roleName} rule {i}", bindingNamespace, Strings(rule, "apiGroups"),
                    Strings(rule, "resources"), Strings(rule, "verbs"), Strings(rule, "resourceNames")));
            }
        }

        return new KubernetesRbac(grants);
    }

    /// <summary>True when some rule allows <paramref name="request"/>.</summary>
    public bool Allows(KubernetesApiRequest request) => Grants.Any(grant => grant.Allows(request));

    /// <summary>
    /// The permissions (rule, API group, resource, verb) no request in <paramref name="requests"/> needed: what the
    /// manifests grant beyond what was used. Rules with wildcards are reported as they are (nothing can use all of one).
    /// </summary>
    public IReadOnlyList<string> Unused(IEnumerable<KubernetesApiRequest> requests)
    {
        var allowed = requests.Where(Allows).ToList();
        var unused = new List<string>();
        foreach (var grant in Grants)
        {
            foreach (var (group, resource, verb) in
                from g in grant.ApiGroups from r in grant.Resources from v in grant.Verbs select (g, r, v))
            {
                if (group == "*" || resource == "*" || verb == "*")
                {
                    unused.Add($"{grant.Source}: wildcard ({group}/{resource}/{verb})");
                    continue;
                }

                if (!allowed.Any(request =>
                    request.ApiGroup == group && request.Resource == resource && request.Verb == verb && grant.Allows(request)))
                {
                    unused.Add($"{grant.Source}: '{verb}' on {(group.Length == 0 ? "core" : group)}/{resource}");
                }
            }
        }

        return unused;
    }

    private static IEnumerable<YamlMappingNode> Documents(string file)
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(file);
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>();
    }

    private static string Kind(YamlMappingNode node) => Text(node, "kind") ?? "";

    private static string? Text(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(key, out var value) ? ((YamlScalarNode)value).Value ?? "" : null;

    private static List<string> Strings(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value)
            ? [.. ((YamlSequenceNode)value).Cast<YamlScalarNode>().Select(s => s.Value ?? "")]
            : [];
}
