using System.Net;
using System.Text;
using Amazon.Runtime;

namespace Kickstarter.Connectors.DynamoDB.Tests.Infrastructure;

/// <summary>
/// Plugs into the AWS SDK's HttpClientFactory: answers the first <c>faults</c> requests of one DynamoDB operation
/// with an AWS error (as DynamoDB would when throttling), then passes everything through to the real server. With
/// <c>landFirst</c> the faulted requests reach the server first and only their answers are replaced by the error: a
/// write that landed and still reported a failure (a lost response, a 5xx after the commit).
/// </summary>
public sealed class FaultInjectingHttpClientFactory(string operation, int faults, HttpStatusCode status, string errorType, bool landFirst = false)
    : HttpClientFactory
{
    private readonly string _operation = operation;
    private readonly int _faults = faults;
    private readonly HttpStatusCode _status = status;
    private readonly string _errorType = errorType;
    private readonly bool _landFirst = landFirst;
    private int _seen;

    /// <summary>Requests of <c>operation</c> that reached this factory's clients, faulted or passed through.</summary>
    public int Attempts => Volatile.Read(ref _seen);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new Handler(this) { InnerHandler = new SocketsHttpHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;

    private sealed class Handler(FaultInjectingHttpClientFactory owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.FirstOrDefault() : null;
            if (target is not null && target.EndsWith("." + owner._operation, StringComparison.Ordinal)
                && Interlocked.Increment(ref owner._seen) <= owner._faults)
            {
                if (owner._landFirst)
                {
                    using var landed = await base.SendAsync(request, cancellationToken);
                }

                var body = $$"""{"__type":"com.amazonaws.dynamodb.v20120810#{{owner._errorType}}","message":"injected {{owner._errorType}}"}""";
                return new HttpResponseMessage(owner._status)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.0"),
                    RequestMessage = request,
                };
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
