using System.Text.Json;
using System.Text.RegularExpressions;
using Kickstarter.Testing.Faults;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// What IAM authorizes for one AWS API request: the operation, the IAM action, the resource ARN and the request's
/// condition keys (<c>s3:prefix</c> of a listing), following AWS's "Actions, resources, and condition keys" tables
/// for S3 and DynamoDB. <see cref="Missing"/> marks a GET or HEAD of an object that was not there (answered 404 here):
/// AWS answers such a request 404 only to a caller that may <c>s3:ListBucket</c> the bucket (a GET carries no
/// <c>s3:prefix</c>, so a prefix-conditioned grant does not count), otherwise 403.
/// </summary>
public sealed record IamRequest(
    string Operation, string Action, string Resource, IReadOnlyDictionary<string, string> Context, int Status, bool Missing)
{
    /// <summary>An S3 request made path-style (<c>/bucket/key?query</c>), as the silo sends to an S3-compatible server.</summary>
    public static IamRequest FromS3(ProxiedRequest request, int status)
    {
        var path = request.Path.TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var bucket = Uri.UnescapeDataString(slash < 0 ? path : path[..slash]);
        var key = slash < 0 ? "" : Uri.UnescapeDataString(path[(slash + 1)..]);
        var query = Query(request.Query);
        var bucketArn = $"arn:aws:s3:::{bucket}";
        var objectArn = $"{bucketArn}/{key}";
        var none = new Dictionary<string, string>(StringComparer.Ordinal);
        if (key.Length == 0)
        {
            return (request.Method, query) switch
            {
                ("GET", _) when query.ContainsKey("location") =>
                    new("GetBucketLocation", "s3:GetBucketLocation", bucketArn, none, status, false),
                ("GET", _) when query.ContainsKey("uploads") =>
                    new("ListMultipartUploads", "s3:ListBucketMultipartUploads", bucketArn, none, status, false),
                ("GET", _) => new(query.ContainsKey("list-type") ? "ListObjectsV2" : "ListObjects", "s3:ListBucket", bucketArn,
                    new Dictionary<string, string>(StringComparer.Ordinal) { ["s3:prefix"] = query.GetValueOrDefault("prefix", "") },
                    status, false),
                ("HEAD", _) => new("HeadBucket", "s3:ListBucket", bucketArn, none, status, false),
                _ => throw Unmapped(request),
            };
        }

        return request.Method switch
        {
            "GET" when query.ContainsKey("uploadId") => new("ListParts", "s3:ListMultipartUploadParts", objectArn, none, status, false),
            "GET" when query.Count == 0 => new("GetObject", "s3:GetObject", objectArn, none, status, status == 404),
            "HEAD" when query.Count == 0 => new("HeadObject", "s3:GetObject", objectArn, none, status, status == 404),
            "PUT" when query.ContainsKey("partNumber") && query.ContainsKey("uploadId") =>
                new("UploadPart", "s3:PutObject", objectArn, none, status, false),
            "PUT" when query.Count == 0 => new("PutObject", "s3:PutObject", objectArn, none, status, false),
            "POST" when query.ContainsKey("uploads") => new("CreateMultipartUpload", "s3:PutObject", objectArn, none, status, false),
            "POST" when query.ContainsKey("uploadId") => new("CompleteMultipartUpload", "s3:PutObject", objectArn, none, status, false),
            "DELETE" when query.ContainsKey("uploadId") =>
                new("AbortMultipartUpload", "s3:AbortMultipartUpload", objectArn, none, status, false),
            "DELETE" when query.Count == 0 => new("DeleteObject", "s3:DeleteObject", objectArn, none, status, false),
            _ => throw Unmapped(request),
        };
    }

    /// <summary>A DynamoDB request (JSON protocol): the operation from <c>X-Amz-Target</c>, the table and index from the body.</summary>
    public static IamRequest FromDynamoDb(ProxiedRequest request, int status, string region, string account)
    {
        var operation = request.DynamoDbOperation;
        if (operation.Length == 0)
        {
            throw Unmapped(request);
        }

        using var body = JsonDocument.Parse(request.JsonBody);
        if (!body.RootElement.TryGetProperty("TableName", out var table))
        {
            // Batch and transaction operations name their tables elsewhere: map them when the code starts using them.
            throw Unmapped(request);
        }

        var resource = $"arn:aws:dynamodb:{region}:{account}:table/{table.GetString()}";
        if (body.RootElement.TryGetProperty("IndexName", out var index))
        {
            resource += $"/index/{index.GetString()}";
        }

        return new(operation, $"dynamodb:{operation}", resource, new Dictionary<string, string>(StringComparer.Ordinal), status, false);
    }

    /// <summary>The query's parameters, decoded; a parameter without a value ("?uploads") maps to "".</summary>
    private static Dictionary<string, string> Query(string query)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            parameters[name] = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
        }

        // The SDK adds x-id=<Operation> to some object requests; it names the operation, it is no sub-resource.
        parameters.Remove("x-id");
        return parameters;
    }

    private static InvalidOperationException Unmapped(ProxiedRequest request) => new(
        $"No IAM mapping for {request.Method} {request.Path}{request.Query} {request.Target}: add the operation to IamRequest " +
        "(and its action to infra/terraform/aws-ecs/iam.tf if the silo needs it).");

    /// <summary>True when <paramref name="statement"/> allows this request: action, resource and every condition match.</summary>
    public bool AllowedBy(PolicyStatement statement) =>
        statement.Actions.Any(action => Glob(action, Action, ignoreCase: true))
        && statement.Resources.Any(resource => Glob(resource, Resource, ignoreCase: false))
        && statement.Conditions.All(Satisfies);

    /// <summary>
    /// True when a statement of <paramref name="policy"/> allows <paramref name="action"/> on <paramref name="resource"/>
    /// for this context.
    /// </summary>
    public static bool Allowed(
        IEnumerable<PolicyStatement> policy, string action, string resource, IReadOnlyDictionary<string, string> context) =>
        policy.Any(statement => new IamRequest("", action, resource, context, 200, false).AllowedBy(statement));

    /// <summary>
    /// IAM's condition operators for the ones the policies use. A key the request does not carry fails the
    /// condition (the operators without "IfExists").
    /// </summary>
    private bool Satisfies(PolicyCondition condition)
    {
        if (!Context.TryGetValue(condition.Variable, out var value))
        {
            return false;
        }

        return condition.Test switch
        {
            "StringLike" => condition.Values.Any(pattern => Glob(pattern, value, ignoreCase: false)),
            "StringEquals" => condition.Values.Contains(value, StringComparer.Ordinal),
            _ => throw new InvalidOperationException($"The condition operator {condition.Test} is not understood by this test."),
        };
    }

    /// <summary>IAM's wildcards: '*' any run of characters (also '/'), '?' one character.</summary>
    public static bool Glob(string pattern, string text, bool ignoreCase) =>
        Regex.IsMatch(
            text,
            "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.Singleline);
}
