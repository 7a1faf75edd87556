using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Kickstarter.Connectors.Iceberg.Options;

namespace Kickstarter.Connectors.Iceberg.Catalog.Rest;

/// <summary>
/// Signs every catalog request with AWS SigV4 (signing name "glue" or "s3tables"): host, x-amz-date,
/// x-amz-content-sha256 and, for temporary credentials, x-amz-security-token are signed.
/// </summary>
internal sealed class SigV4Handler(RestCatalogOptions options, Func<DateTimeOffset> clock) : DelegatingHandler
{
    private readonly AWSCredentials _credentials = string.IsNullOrEmpty(options.AccessKey)
        ? DefaultAWSCredentialsIdentityResolver.GetCredentials()
        : string.IsNullOrEmpty(options.SessionToken)
            ? new BasicAWSCredentials(options.AccessKey, options.SecretKey)
            : new SessionAWSCredentials(options.AccessKey, options.SecretKey, options.SessionToken);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var credentials = await _credentials.GetCredentialsAsync().ConfigureAwait(false);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var payloadHash = SigV4Signer.Sha256Hex(body);
        var uri = request.RequestUri!;
        var now = clock();
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            ["x-amz-date"] = SigV4Signer.AmzDate(now),
            ["x-amz-content-sha256"] = payloadHash,
        };
        if (credentials.UseToken)
        {
            headers["x-amz-security-token"] = credentials.Token;
        }

        request.Headers.Remove("x-amz-date");
        request.Headers.TryAddWithoutValidation("x-amz-date", headers["x-amz-date"]);
        request.Headers.Remove("x-amz-content-sha256");
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        if (credentials.UseToken)
        {
            request.Headers.Remove("x-amz-security-token");
            request.Headers.TryAddWithoutValidation("x-amz-security-token", credentials.Token);
        }

        var authorization = SigV4Signer.Authorization(request.Method.Method, uri, headers, payloadHash,
            credentials.AccessKey, credentials.SecretKey, options.SigningRegion, options.SigningName, now);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
