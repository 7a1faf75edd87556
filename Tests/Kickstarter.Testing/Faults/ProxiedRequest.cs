namespace Kickstarter.Testing.Faults;

/// <summary>One request as <see cref="HttpFaultProxy"/> saw it: what a fault rule decides on.</summary>
/// <param name="Method">The HTTP method, e.g. "PUT".</param>
/// <param name="Path">The raw path, without the query.</param>
/// <param name="Query">The raw query, with its leading '?', or "".</param>
/// <param name="Target">The <c>X-Amz-Target</c> header (DynamoDB's operation, e.g. "DynamoDB_20120810.PutItem"), or "".</param>
/// <param name="JsonBody">
/// The body of a request that has a <paramref name="Target"/> (a JSON API such as DynamoDB's: it names the table and
/// index), as text; "" for other requests, whose bodies (file contents) are not kept.
/// </param>
public sealed record ProxiedRequest(string Method, string Path, string Query, string Target, string JsonBody = "")
{
    /// <summary>The DynamoDB operation name ("PutItem"), or "" for requests of other services.</summary>
    public string DynamoDbOperation => Target.Contains('.', StringComparison.Ordinal) ? Target[(Target.LastIndexOf('.') + 1)..] : "";
}
