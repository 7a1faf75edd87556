namespace Kickstarter.Connectors.Iceberg.Catalog.Rest;

/// <summary>
/// Resource paths of the REST catalog, relative to its base URI: <c>v1/{prefix}/namespaces/{namespace}/tables/{table}</c>.
/// A multi-level namespace is one path segment, its levels joined by the namespace separator (the config's
/// <c>namespace-separator</c>, default the unit separator 0x1F, sent as %1F).
/// </summary>
internal sealed class RestPaths(string? prefix, string separator)
{
    private readonly string _root = string.IsNullOrEmpty(prefix) ? "v1/" : $"v1/{prefix.Trim('/')}/";

    public string Namespaces => _root + "namespaces";

    public string Namespace(IReadOnlyList<string> @namespace) => $"{Namespaces}/{Encode(@namespace)}";

    public string Tables(IReadOnlyList<string> @namespace) => $"{Namespace(@namespace)}/tables";

    public string Table(TableIdentifier id) => $"{Tables(id.Namespace)}/{Uri.EscapeDataString(id.Name)}";

    public string Encode(IReadOnlyList<string> @namespace) =>
        string.Join(Uri.EscapeDataString(separator), @namespace.Select(Uri.EscapeDataString));
}
