using System.Text.Json;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace Kickstarter.Silo.Configuration.Aws;

/// <summary>
/// Reads Secrets Manager secrets and Parameter Store hierarchies through SSM. Secrets are read with GetParameter on
/// <c>/aws/reference/secretsmanager/&lt;secret id&gt;</c> with decryption (AWS's documented Parameter Store integration:
/// AWSSDK.SecretsManager is not available here); hierarchies with GetParametersByPath, recursive, decrypted, every page.
/// </summary>
/// <remarks>
/// Errors become <see cref="AwsConfigurationException"/> naming the secret id or path. Values never enter a message: a
/// secret that is not valid JSON is reported by line and byte position only, because System.Text.Json's own message
/// quotes the offending character.
/// </remarks>
internal sealed class ParameterStoreReader(IAmazonSimpleSystemsManagement ssm)
{
    /// <summary>Prefix under which Parameter Store exposes Secrets Manager secrets.</summary>
    public const string SecretReferencePrefix = "/aws/reference/secretsmanager/";

    /// <summary>Reads a secret holding a JSON object of Java client properties, as the Flink original's Terraform writes them.</summary>
    public async Task<Dictionary<string, string>> ReadSecretPropertiesAsync(string secretId, CancellationToken cancellationToken)
    {
        var name = SecretReferencePrefix + secretId;
        var what = $"the Secrets Manager secret '{secretId}' (read as SSM parameter '{name}')";
        var response = await CallAsync(
            () => ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, cancellationToken), what,
                cancellationToken)
            .ConfigureAwait(false);
        return ParseJsonObject(response.Parameter?.Value, what);
    }

    /// <summary>Reads every parameter under <paramref name="path"/> (recursive, decrypted), keyed by the name below the path.</summary>
    public async Task<Dictionary<string, string>> ReadParametersAsync(string path, CancellationToken cancellationToken)
    {
        var what = $"the Parameter Store path '{path}'";
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var request = new GetParametersByPathRequest { Path = path, Recursive = true, WithDecryption = true };
        do
        {
            var page = await CallAsync(() => ssm.GetParametersByPathAsync(request, cancellationToken), what, cancellationToken)
                .ConfigureAwait(false);

            foreach (var parameter in page.Parameters ?? [])
            {
                var property = parameter.Name.StartsWith(path + "/", StringComparison.Ordinal) ? parameter.Name[(path.Length + 1)..]
                    : parameter.Name;
                result[property] = parameter.Value ?? "";
            }

            request.NextToken = page.NextToken;
        }
        while (!string.IsNullOrEmpty(request.NextToken));

        if (result.Count == 0)
        {
            throw new AwsConfigurationException(
                $"{what} holds no parameters (the Flink original's Terraform writes one per client property).");
        }

        return result;
    }

    private static Dictionary<string, string> ParseJsonObject(string? json, string what)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json ?? "");
        }
        catch (JsonException ex)
        {
            // Not ex.Message, nor ex as inner exception: both quote the character where parsing stopped.
            throw new AwsConfigurationException(
                $"{what} is not valid JSON (parsing stopped at line {(ex.LineNumber ?? 0) + 1}, " +
                $"byte {(ex.BytePositionInLine ?? 0) + 1}); " +
                "it must be a JSON object of Java client properties.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new AwsConfigurationException(
                    $"{what} is JSON but not an object ({document.RootElement.ValueKind}); it must be a JSON object of Java client " +
                        "properties.");
            }

            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                properties[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    var kind => throw new AwsConfigurationException($"{what}: property '{property.Name}' must be a string (was {kind})."),
                };
            }

            return properties;
        }
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonServiceException ex)
        {
            throw new AwsConfigurationException($"{what} could not be read: {Describe(ex)}.");
        }
        catch (AmazonClientException ex)
        {
            throw new AwsConfigurationException($"{what} could not be read: {ex.Message}");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException
                                       || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The SDK lets transport failures through once its retries are spent (connection refused, timeouts).
            throw new AwsConfigurationException(
                $"{what} could not be read: the SSM endpoint did not answer ({ex.GetType().Name}: {ex.Message}).");
        }
    }

    private static string Describe(AmazonServiceException ex) => ex.ErrorCode switch
    {
        "ParameterNotFound" => "it does not exist (ParameterNotFound)",
        "AccessDeniedException" => "access denied (AccessDeniedException: the role needs ssm:GetParameter / ssm:GetParametersByPath, " +
                                   $"secretsmanager:GetSecretValue and kms:Decrypt; AWS said: {ex.Message})",
        "ThrottlingException" => $"AWS kept throttling the requests after the SDK's retries (ThrottlingException: {ex.Message})",
        null or "" => $"HTTP {(int)ex.StatusCode} {ex.StatusCode}",
        _ => $"{ex.ErrorCode} (HTTP {(int)ex.StatusCode}): {ex.Message}",
    };
}
