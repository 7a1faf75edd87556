using System.Net;
using System.Text;
using Amazon.Runtime;

namespace Kickstarter.Connectors.Iceberg.Tests.S3;

/// <summary>
/// Plugs into the AWS SDK's HttpClientFactory: answers the first <c>faults</c> requests that match with an S3 error
/// (XML body, as S3 sends it), then passes everything through to the real server. Counts matching requests, faulted
/// or not, and the multipart part uploads and aborts that went through.
/// </summary>
public sealed class FaultInjectingHttpClientFactory(Func<HttpRequestMessage, bool> matches, int faults, HttpStatusCode status, string errorCode)
    : HttpClientFactory
{
    private readonly int _faults = faults;
    private readonly HttpStatusCode _status = status;
    private readonly string _errorCode = errorCode;
    private int _seen;
    private int _partUploads;
    private int _aborts;

    /// <summary>A factory that injects nothing: it only counts.</summary>
    public static FaultInjectingHttpClientFactory Counting(Func<HttpRequestMessage, bool> matches) => new(matches, 0, HttpStatusCode.OK, "");

    /// <summary>Matches object PUTs (single uploads and parts).</summary>
    public static bool IsPut(HttpRequestMessage request) => request.Method == HttpMethod.Put;

    /// <summary>Requests that matched, faulted or passed through.</summary>
    public int Attempts => Volatile.Read(ref _seen);

    /// <summary>AbortMultipartUpload requests that went through.</summary>
    public int Aborts => Volatile.Read(ref _aborts);

    /// <summary>UploadPart requests that went through.</summary>
    public int PartUploads => Volatile.Read(ref _partUploads);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this) { InnerHandler = new SocketsHttpHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;

    private sealed class Handler(FaultInjectingHttpClientFactory owner) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (owner.IsMatch(request) && Interlocked.Increment(ref owner._seen) <= owner._faults)
            {
                var body = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{owner._errorCode}</Code><Message>injected {owner._errorCode}</Message>" +
                    "<RequestId>fault</RequestId></Error>";
                return Task.FromResult(new HttpResponseMessage(owner._status)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/xml"),
                    RequestMessage = request,
                });
            }
            var query = request.RequestUri?.Query ?? "";
            if (request.Method == HttpMethod.Put && query.Contains("partNumber=", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref owner._partUploads);
            }

            if (request.Method == HttpMethod.Delete && query.Contains("uploadId=", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref owner._aborts);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private bool IsMatch(HttpRequestMessage request) => matches(request);
}
