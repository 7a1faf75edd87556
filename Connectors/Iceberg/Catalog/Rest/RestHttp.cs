using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kickstarter.Connectors.Iceberg.Options;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Connectors.Iceberg.Catalog.Rest;

/// <summary>
/// HTTP to the catalog: JSON in and out, error bodies checked against IcebergErrorResponse, bounded retries with
/// backoff for requests that are safe to repeat (reads, and writes whose repetition the caller handles), and one
/// clear <see cref="CatalogUnavailableException"/> for an unreachable catalog or a body the specification forbids.
/// </summary>
internal sealed class RestHttp : IDisposable
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private readonly HttpClient _http;
    private readonly RestCatalogOptions _options;
    private readonly ILogger _logger;

    public RestHttp(RestCatalogOptions options, HttpMessageHandler handler, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = new Uri(options.Uri!.TrimEnd('/') + "/"),
            Timeout = options.RequestTimeout,
        };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Kickstarter.Connectors.Iceberg", "1.0"));
    }

    public string BaseUri => _http.BaseAddress!.ToString();

    /// <summary>Sends once: returns the answer, or throws <see cref="RestTransportException"/> when there was none.</summary>
    public async Task<RestResponse> SendOnceAsync(HttpMethod method, string path, JsonNode? body, string operation, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (Exception error) when (
            error is HttpRequestException or IOException || (error is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new RestTransportException($"{operation}: no answer from {BaseUri} ({error.GetType().Name}: {error.Message})", error);
        }

        using (response)
        {
            string text;
            try
            {
                text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            }
            catch (Exception error) when (
                error is HttpRequestException or IOException || (error is TaskCanceledException && !ct.IsCancellationRequested))
            {
                throw new RestTransportException($"{operation}: the answer from {BaseUri} broke off ({error.Message})", error);
            }

            var status = (int)response.StatusCode;
            JsonElement? json = null;
            if (text.Length > 0)
            {
                try
                {
                    json = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException error) when (status < 500)
                {
                    throw Protocol(operation, $"the body is not JSON ({error.Message})");
                }
                catch (JsonException)
                {
                    json = null; // a proxy's HTML 5xx page: the status alone says what happened
                }
            }

            if (status >= 400 && json is { } errorBody)
            {
                try
                {
                    RestShapes.ErrorResponse(errorBody);
                }
                catch (RestProtocolException violation) when (status < 500)
                {
                    throw Protocol(operation, $"error body (IcebergErrorResponse): {violation.Message}");
                }
                catch (RestProtocolException)
                {
                    json = null;
                }
            }

            return new RestResponse(status, json);
        }
    }

    /// <summary>Sends, retrying 429, 502, 503, 504 and missing answers within the budget; for requests safe to repeat.</summary>
    public async Task<RestResponse> SendAsync(HttpMethod method, string path, JsonNode? body, string operation, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            string error;
            Exception? failure = null;
            try
            {
                var response = await SendOnceAsync(method, path, body, operation, ct).ConfigureAwait(false);
                if (response.Status is not (429 or 502 or 503 or 504))
                {
                    return response;
                }

                error = response.ErrorText;
            }
            catch (RestTransportException transport)
            {
                error = transport.Message;
                failure = transport;
            }

            if (attempt >= _options.MaxRetries)
            {
                throw new CatalogUnavailableException(
                    $"REST catalog at {BaseUri} (setting Iceberg:Catalog:Rest:Uri) is unavailable: {operation} failed " +
                    $"{attempt + 1} times (Iceberg:Catalog:Rest:MaxRetries={_options.MaxRetries}); last error {error}", failure);
            }

            await PauseAsync(operation, error, attempt, ct).ConfigureAwait(false);
        }
    }

    public async Task PauseAsync(string operation, string error, int attempt, CancellationToken ct)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        var delay = TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
        RestCatalogLog.Retrying(_logger, operation, error, attempt + 1, _options.MaxRetries + 1, delay.TotalMilliseconds);
        await Task.Delay(delay, ct).ConfigureAwait(false);
    }

    public CatalogUnavailableException Protocol(string operation, string violation) => new(
        $"REST catalog at {BaseUri} (setting Iceberg:Catalog:Rest:Uri) answered {operation} with a body the Iceberg REST specification " +
        $"does not allow: {violation}");

    /// <summary>Runs a shape check of a successful body, turning a violation into one clear error.</summary>
    public JsonElement Checked(RestResponse response, Action<JsonElement> shape, string operation)
    {
        var body = response.Body ?? throw Protocol(operation, "the body is empty");
        try
        {
            shape(body);
        }
        catch (RestProtocolException violation)
        {
            throw Protocol(operation, violation.Message);
        }

        return body;
    }

    /// <summary>An answer the operation does not expect (400, 401, 403, 406, 5xx, ...), as one clear error.</summary>
    public CatalogUnavailableException Unexpected(RestResponse response, string operation) => new(
        $"REST catalog at {BaseUri} (setting Iceberg:Catalog:Rest:Uri) refused {operation}: {response.ErrorText}" +
        (response.Status is 401 or 403 ? " (check Iceberg:Catalog:Rest:Auth and its credentials)" : ""));

    public void Dispose() => _http.Dispose();
}
