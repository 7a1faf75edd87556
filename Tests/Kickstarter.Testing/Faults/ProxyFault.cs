namespace Kickstarter.Testing.Faults;

/// <summary>The answer <see cref="HttpFaultProxy"/> sends instead of the server's, shaped as the service sends errors.</summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="ContentType">Content type of <paramref name="Body"/>.</param>
/// <param name="Body">The error document.</param>
public sealed record ProxyFault(int Status, string ContentType, string Body)
{
    /// <summary>An S3 error: an XML <c>Error</c> document with <paramref name="code"/> (e.g. "InternalError", 500).</summary>
    public static ProxyFault S3(int status, string code) => new(status, "application/xml",
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>injected {code}</Message>" +
        "<RequestId>fault-proxy</RequestId></Error>");

    /// <summary>A DynamoDB error: JSON with <c>__type</c> (e.g. "InternalServerError", 500).</summary>
    public static ProxyFault DynamoDb(int status, string type) => new(status, "application/x-amz-json-1.0",
        $"{{\"__type\":\"com.amazonaws.dynamodb.v20120810#{type}\",\"message\":\"injected {type}\"}}");
}
