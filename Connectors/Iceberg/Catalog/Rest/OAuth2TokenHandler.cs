using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Kickstarter.Connectors.Iceberg.Options;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Connectors.Iceberg.Catalog.Rest;

/// <summary>
/// OAuth2 client credentials (RFC 6749 section 4.4, the REST specification's OAuthClientCredentialsRequest): posts
/// grant_type, client_id, client_secret and scope as a form to the token endpoint, sends the access token as a
/// Bearer header, fetches a new one shortly before it expires, and once more when the catalog answers 401.
/// </summary>
internal sealed class OAuth2TokenHandler : DelegatingHandler
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(30);
    private readonly RestCatalogOptions _options;
    private readonly HttpClient _tokenClient;
    private readonly Uri _tokenEndpoint;
    private readonly Func<DateTimeOffset> _clock;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _token;
    private DateTimeOffset _expires;

    public OAuth2TokenHandler(RestCatalogOptions options, HttpMessageHandler tokenTransport, Func<DateTimeOffset> clock, ILogger logger)
    {
        _options = options;
        _clock = clock;
        _logger = logger;
        _tokenClient = new HttpClient(tokenTransport, disposeHandler: false) { Timeout = options.RequestTimeout };
        _tokenEndpoint = new Uri(options.OAuth2ServerUri ?? $"{options.Uri!.TrimEnd('/')}/v1/oauth/tokens");
    }

    /// <summary>Tokens fetched so far (for tests and diagnostics).</summary>
    public int TokensFetched { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(forceRefresh: false, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        // The spec lets a catalog revoke a token at any time (UnauthorizedResponse): fetch a new one and retry once.
        response.Dispose();
        token = await TokenAsync(forceRefresh: true, cancellationToken).ConfigureAwait(false);
        var retry = await CloneAsync(request, cancellationToken).ConfigureAwait(false);
        retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(retry, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> TokenAsync(bool forceRefresh, CancellationToken ct)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!forceRefresh && _token is not null && _clock() < _expires - RefreshMargin)
            {
                return _token;
            }

            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = _options.ClientId ?? "",
                ["client_secret"] = _options.ClientSecret ?? "",
                ["scope"] = _options.Scope,
            });
            HttpResponseMessage response;
            try
            {
                response = await _tokenClient.PostAsync(_tokenEndpoint, form, ct).ConfigureAwait(false);
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                throw new CatalogUnavailableException(
                    $"OAuth2 token endpoint {_tokenEndpoint} did not answer (setting Iceberg:Catalog:Rest:OAuth2ServerUri or Uri): " +
                        $"{error.Message}", error);
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    // OAuthError carries "error" (invalid_client, ...) and maybe a description; never the secret we sent.
                    var reason = TryReadOAuthError(text) ?? $"HTTP {(int)response.StatusCode}";
                    throw new CatalogUnavailableException(
                        $"OAuth2 token endpoint {_tokenEndpoint} refused the client credentials of client id '{_options.ClientId}': " +
                            $"{reason} " +
                        "(settings Iceberg:Catalog:Rest:ClientId, ClientSecret, Scope)");
                }

                using var document = ParseJson(text);
                try
                {
                    RestShapes.TokenResponse(document.RootElement);
                }
                catch (RestProtocolException violation)
                {
                    throw new CatalogUnavailableException(
                        $"OAuth2 token endpoint {_tokenEndpoint} answered a body the Iceberg REST specification does not allow " +
                        $"(OAuthTokenResponse): {violation.Message}");
                }

                _token = document.RootElement.GetProperty("access_token").GetString()!;
                var lifetime = document.RootElement.TryGetProperty("expires_in", out var expires) ? TimeSpan.FromSeconds(expires.GetInt64())
                    : TimeSpan.FromHours(1);
                _expires = _clock() + lifetime;
                TokensFetched++;
                RestCatalogLog.TokenFetched(_logger, lifetime.TotalSeconds);
                return _token;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private JsonDocument ParseJson(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException error)
        {
            throw new CatalogUnavailableException(
                $"OAuth2 token endpoint {_tokenEndpoint} answered with a body that is not JSON: {error.Message}");
        }
    }

    private static string? TryReadOAuthError(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            return document.RootElement.TryGetProperty("error_description", out var description)
                && description.ValueKind == JsonValueKind.String
                ? $"{error.GetString()} ({description.GetString()})"
                : error.GetString();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<HttpRequestMessage> CloneAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri);
        foreach (var header in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (request.Content is not null)
        {
            var bytes = await request.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            clone.Content = new ByteArrayContent(bytes);
            foreach (var header in request.Content.Headers)
            {
                clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return clone;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _tokenClient.Dispose();
            _lock.Dispose();
        }

        base.Dispose(disposing);
    }
}
