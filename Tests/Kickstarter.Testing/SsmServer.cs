using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kickstarter.Testing;

/// <summary>
/// A stand-in for AWS Systems Manager on a loopback port, speaking the SSM JSON 1.1 protocol as the SSM API reference
/// defines it, for the operations Kickstarter uses: <c>GetParameter</c> and <c>GetParametersByPath</c>. Secrets Manager
/// secrets are served where Parameter Store exposes them, at <c>/aws/reference/secretsmanager/&lt;secret id&gt;</c>.
/// </summary>
/// <remarks>
/// Protocol: <c>POST /</c> with <c>Content-Type: application/x-amz-json-1.1</c>, <c>X-Amz-Target: AmazonSSM.&lt;Operation&gt;</c>
/// and a SigV4 <c>Authorization</c> header (checked for presence and form, not verified). Errors are HTTP 400 with a
/// JSON body <c>{"__type": "&lt;code&gt;", "message": "..."}</c>. Rules enforced as the reference states them:
/// secret references need <c>WithDecryption=true</c> and work only with GetParameter; paths start with '/';
/// <c>MaxResults</c> is 1 to 10 (default 10); pages continue with an opaque <c>NextToken</c>; without <c>Recursive</c>
/// only the level right below the path is returned; SecureString values are returned encrypted unless decryption is
/// asked for.
/// </remarks>
public sealed class SsmServer : IAsyncDisposable
{
    public const string SecretReferencePrefix = "/aws/reference/secretsmanager/";
    private const string Account = "123456789012";
    private const string Region = "us-east-1";

    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, (string Type, string Value, long Version)> _parameters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Code, int Remaining)> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SsmRequest> _requests = new();

    private SsmServer(HttpListener listener, int port)
    {
        _listener = listener;
        ServiceUrl = $"http://127.0.0.1:{port}";
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The endpoint to give the AWS SDK as its ServiceURL.</summary>
    public string ServiceUrl { get; }

    /// <summary>Most parameters one GetParametersByPath page returns, even when MaxResults asks for more; default 10.</summary>
    public int PageLimit { get; set; } = 10;

    /// <summary>Every request served, in order.</summary>
    public IReadOnlyList<SsmRequest> Requests => [.. _requests];

    /// <summary>Starts on a free loopback port.</summary>
    public static SsmServer Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort.Next();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new SsmServer(listener, port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close(); // someone took the port between FreePort and Start
            }
        }
    }

    /// <summary>Creates or overwrites a parameter (Type String or SecureString); the version goes up by one.</summary>
    public void PutParameter(string name, string value, string type = "String")
        => _parameters.AddOrUpdate(name, _ => (type, value, 1), (_, old) => (type, value, old.Version + 1));

    /// <summary>Creates or overwrites a Secrets Manager secret, readable at /aws/reference/secretsmanager/&lt;id&gt;.</summary>
    public void PutSecret(string secretId, string secretString) => PutParameter(SecretReferencePrefix + secretId, secretString, "SecureString");

    /// <summary>Deletes a secret.</summary>
    public void DeleteSecret(string secretId) => _parameters.TryRemove(SecretReferencePrefix + secretId, out _);

    /// <summary>
    /// Answers the next <paramref name="times"/> requests naming <paramref name="nameOrPath"/> (a parameter name,
    /// secret reference name or path) with the error <paramref name="code"/>, e.g. AccessDeniedException or ThrottlingException.
    /// </summary>
    public void Fail(string nameOrPath, string code, int times = int.MaxValue) => _faults[nameOrPath] = (code, times);

    /// <summary>Stops failing requests naming <paramref name="nameOrPath"/>.</summary>
    public void Heal(string nameOrPath) => _faults.TryRemove(nameOrPath, out _);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                var (status, body) = await HandleAsync(context.Request).ConfigureAwait(false);
                var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/x-amz-json-1.1";
                context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away; nothing to answer.
            }
        }
    }

    private async Task<(int Status, JsonObject Body)> HandleAsync(HttpListenerRequest request)
    {
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().ConfigureAwait(false);
        var target = request.Headers["X-Amz-Target"] ?? "";
        var authorization = request.Headers["Authorization"] ?? "";
        JsonObject input;
        try
        {
            input = JsonNode.Parse(text) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return Error("SerializationException", "The request body is not JSON.");
        }

        var name = (string?)input["Name"] ?? (string?)input["Path"] ?? "";
        _requests.Enqueue(new SsmRequest(target, name, (bool?)input["WithDecryption"] ?? false, (bool?)input["Recursive"] ?? false,
            (string?)input["NextToken"], authorization.StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal)));

        if (request.HttpMethod != "POST" || request.Url?.AbsolutePath != "/")
        {
            return Error("UnknownOperationException", "SSM is served by POST /.");
        }

        if (!(request.ContentType ?? "").StartsWith("application/x-amz-json-1.1", StringComparison.Ordinal))
        {
            return Error("SerializationException", "Content-Type must be application/x-amz-json-1.1.");
        }

        if (!authorization.StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal)
            || !authorization.Contains("/ssm/aws4_request", StringComparison.Ordinal))
        {
            return (403, new JsonObject { ["__type"] = "MissingAuthenticationTokenException", ["message"] = "Missing Authentication Token" });
        }

        if (_faults.TryGetValue(name, out var fault) && fault.Remaining > 0)
        {
            _faults[name] = (fault.Code, fault.Remaining - 1);
            return fault.Code switch
            {
                "AccessDeniedException" => Error(fault.Code,
                    $"User: arn:aws:sts::{Account}:assumed-role/kickstarter/test is not authorized to perform: {Action(target)} on resource: {Arn(name)}"),
                "ThrottlingException" => Error(fault.Code, "Rate exceeded"),
                _ => Error(fault.Code, "Injected fault."),
            };
        }

        return target switch
        {
            "AmazonSSM.GetParameter" => GetParameter(input),
            "AmazonSSM.GetParametersByPath" => GetParametersByPath(input),
            _ => Error("UnknownOperationException", $"Unknown operation {target}."),
        };
    }

    private (int, JsonObject) GetParameter(JsonObject input)
    {
        var name = (string?)input["Name"];
        var decrypt = (bool?)input["WithDecryption"] ?? false;
        if (string.IsNullOrEmpty(name))
        {
            return Error("ValidationException", "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
        }

        var isSecret = name.StartsWith(SecretReferencePrefix, StringComparison.Ordinal);
        if (isSecret && !decrypt)
        {
            return Error("ValidationException", "WithDecryption flag must be True for retrieving a Secret Manager secret.");
        }

        if (!_parameters.TryGetValue(name, out var parameter))
        {
            return Error("ParameterNotFound", isSecret ? $"Secret {name[SecretReferencePrefix.Length..]} not found." : $"Parameter {name} not found.");
        }

        var result = Describe(name, parameter, decrypt);
        if (isSecret)
        {
            result["SourceResult"] = new JsonObject { ["Name"] = name[SecretReferencePrefix.Length..], ["ARN"] = Arn(name) }.ToJsonString();
        }

        return (200, new JsonObject { ["Parameter"] = result });
    }

    private (int, JsonObject) GetParametersByPath(JsonObject input)
    {
        var path = (string?)input["Path"] ?? "";
        var recursive = (bool?)input["Recursive"] ?? false;
        var decrypt = (bool?)input["WithDecryption"] ?? false;
        var maxResults = (int?)input["MaxResults"] ?? 10;
        if (!path.StartsWith('/'))
        {
            return Error("ValidationException", "The parameter hierarchy must start with a forward slash (/).");
        }

        if (path.StartsWith("/aws/reference/", StringComparison.Ordinal))
        {
            return Error("ValidationException", "GetParametersByPath is not supported for Secrets Manager references.");
        }

        if (maxResults is < 1 or > 10)
        {
            return Error(
                "ValidationException",
                $"1 validation error detected: Value '{maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value " +
                "less than or equal to 10");
        }

        var prefix = path.TrimEnd('/') + "/";
        var matching = _parameters
            .Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && !p.Key.StartsWith(SecretReferencePrefix, StringComparison.Ordinal))
            .Where(p => recursive || !p.Key[prefix.Length..].Contains('/'))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToList();

        var start = 0;
        if ((string?)input["NextToken"] is { } token)
        {
            try
            {
                start = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':')[1], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException)
            {
                return Error("InvalidNextToken", "The specified token is not valid.");
            }
        }

        var page = matching.Skip(start).Take(Math.Min(maxResults, PageLimit)).ToList();
        var body = new JsonObject { ["Parameters"] = new JsonArray([.. page.Select(p => (JsonNode)Describe(p.Key, p.Value, decrypt))]) };
        if (start + page.Count < matching.Count)
        {
            body["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{start + page.Count}"));
        }

        return (200, body);
    }

    private static JsonObject Describe(string name, (string Type, string Value, long Version) parameter, bool decrypt) => new()
    {
        ["Name"] = name,
        ["Type"] = parameter.Type,
        ["Value"] = parameter.Type == "SecureString" && !decrypt
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes("encrypted:" + parameter.Value.Length))
            : parameter.Value,
        ["Version"] = parameter.Version,
        ["LastModifiedDate"] = 1.7e9,
        ["ARN"] = Arn(name),
        ["DataType"] = "text",
    };

    private static string Arn(string name) => name.StartsWith(SecretReferencePrefix, StringComparison.Ordinal)
        ? $"arn:aws:secretsmanager:{Region}:{Account}:secret:{name[SecretReferencePrefix.Length..]}-AbCdEf"
        : $"arn:aws:ssm:{Region}:{Account}:parameter{(name.StartsWith('/') ? name : "/" + name)}";

    private static string Action(string target) => target.Replace("AmazonSSM.", "ssm:", StringComparison.Ordinal);

    private static (int, JsonObject) Error(string code, string message) => (400, new JsonObject { ["__type"] = code, ["message"] = message });
}

/// <summary>One request the <see cref="SsmServer"/> served: operation, name or path, and the flags that matter.</summary>
public sealed record SsmRequest(string Target, string NameOrPath, bool WithDecryption, bool Recursive, string? NextToken, bool Signed);
