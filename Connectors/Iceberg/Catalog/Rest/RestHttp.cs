using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kickstarter.Connectors.Iceberg.Options;
using Kickstarter.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Kickstarter.Connectors.Iceberg.Catalog.Rest;

/// <summary>
/// HTTP to the catalog: JSON in and out, error bodies checked against IcebergErrorResponse, bounded retries with
/// backoff for requests that are safe to repeat (reads, and writes whose repetition the caller handles), and one
/// clear <see cref="CatalogUnavailableException"/> for an unreachable catalog or a body the specification forbids.
/// </summary>
internal sealed class RestHttp : IDisposable
{
    // Which request is being retried, for the log: one pipeline serves every request.
    private static readonly ResiliencePropertyKey<string> OperationKey = new("iceberg.rest.operation");
    private readonly HttpClient _http;
    private readonly RestCatalogOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<RestResponse> _sendPipeline;

    public RestHttp(RestCatalogOptions options, HttpMessageHandler handler, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _sendPipeline = SendPipeline();
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
        var context = ResilienceContextPool.Shared.Get(operation, ct);
        context.Properties.Set(OperationKey, operation);
        RestResponse response;
        try
        {
            response = await _sendPipeline.ExecuteAsync(
                async (context, request) => await SendOnceAsync(
                    request.method, request.path, request.body, request.operation, context.CancellationToken).ConfigureAwait(false),
                context, (method, path, body, operation)).ConfigureAwait(false);
        }
        catch (RestTransportException transport)
        {
            throw GaveUp(operation, transport.Message, transport);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        return IsRetriable(response) ? throw GaveUp(operation, response.ErrorText, null) : response;
    }

    /// <summary>The pipeline of a request that may be resent: a transport failure or a retriable status is another attempt.</summary>
    private ResiliencePipeline<RestResponse> SendPipeline() =>
        RetryPipelines.Create<RestResponse>("iceberg-rest", Schedule,
            outcome => outcome.Exception is RestTransportException || (outcome.Result is { } response && IsRetriable(response)),
            (outcome, context, notice) => LogRetry(
                context.Properties.GetValue(OperationKey, ""), outcome.Exception?.Message ?? outcome.Result!.ErrorText, notice));

    private static bool IsRetriable(RestResponse response) => response.Status is 429 or 502 or 503 or 504;

    /// <summary>The budget of every request and commit of this client: Iceberg:Catalog:Rest:MaxRetries and RetryBaseDelay.</summary>
    public RetrySchedule Schedule => new(_options.MaxRetries, _options.RetryBaseDelay, RetrySchedule.DefaultMaxDelay);

    /// <summary>Logs one retry (event 4120).</summary>
    public void LogRetry(string operation, string error, RetryNotice notice) =>
        RestCatalogLog.Retrying(_logger, operation, error, notice.Attempt, notice.MaxAttempts, notice.DelayMs);

    /// <summary>The catalog did not answer usefully within the budget: one error naming the settings and the last error.</summary>
    public CatalogUnavailableException GaveUp(string operation, string error, Exception? failure, string? state = null) => new(
        $"REST catalog at {BaseUri} (setting Iceberg:Catalog:Rest:Uri) is unavailable: " +
        Schedule.GaveUp(operation, "Iceberg:Catalog:Rest:MaxRetries", error) + (state is null ? "" : $"; {state}"), failure);

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
