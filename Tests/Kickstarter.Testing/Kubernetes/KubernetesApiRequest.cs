namespace Kickstarter.Testing.Kubernetes;

/// <summary>
/// One request the <see cref="KubernetesApiServer"/> answered, with the attributes Kubernetes authorizes on (API
/// reference, "Authorization", "Review your request attributes" and "Determine the request verb"): the API verb
/// (<c>get</c>, <c>list</c>, <c>watch</c>, <c>patch</c>, <c>delete</c>, ...), the API group (<c>""</c> for the core
/// group), the resource, the namespace and the object's name.
/// </summary>
/// <param name="Verb">The API verb the HTTP method and query map to, e.g. <c>watch</c> for a GET with <c>watch=true</c>.</param>
/// <param name="ApiGroup">The API group; empty for the core group (<c>/api/v1</c>).</param>
/// <param name="Resource">The resource, e.g. <c>pods</c>; the raw path when it is no resource request.</param>
/// <param name="Namespace">The namespace, or null for a cluster-wide request.</param>
/// <param name="Name">The object's name, or null for a request on a collection.</param>
/// <param name="Query">The query string as sent (e.g. <c>?labelSelector=...&amp;watch=true</c>).</param>
/// <param name="Status">The HTTP status answered (200 for a watch that was opened).</param>
public sealed record KubernetesApiRequest(
    string Verb, string ApiGroup, string Resource, string? Namespace, string? Name, string Query, int Status)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Verb} {(ApiGroup.Length == 0 ? "core" : ApiGroup)}/{Resource}{(Name is null ? "" : "/" + Name)} " +
        $"in {Namespace ?? "(cluster)"}{Query} -> {Status}";
}
