using System.Net;
using System.Text;
using Amazon.Runtime;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.DynamoDb;

/// <summary>What the fault handler does with one request of a DynamoDB operation.</summary>
public enum DynamoDbFault
{
    /// <summary>Forward to dynalite and return its answer.</summary>
    None,

    /// <summary>Forward to dynalite (the write lands), then answer the client 500 InternalServerError: an ambiguous write.</summary>
    LandThenFail,

    /// <summary>Answer 500 without forwarding: a failure that did not land.</summary>
    FailWithoutLanding,

    /// <summary>Answer 400 ProvisionedThroughputExceededException without forwarding.</summary>
    Throttle,
}

/// <summary>
/// Plugs into the AWS SDK's HttpClientFactory (AmazonDynamoDBConfig.HttpClientFactory) in front of a real dynalite;
/// a rule decides, per operation and per call number of that operation, which fault to inject.
/// </summary>
public sealed class DynamoDbFaultFactory(Func<string, int, DynamoDbFault> rule) : HttpClientFactory
{
    private readonly Func<string, int, DynamoDbFault> _rule = rule;
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private int _faults;

    /// <summary>Calls seen per operation (e.g. "UpdateItem").</summary>
    public int Calls(string operation)
    {
        lock (_calls)
        {
            return _calls.GetValueOrDefault(operation);
        }
    }

    /// <summary>Faults injected so far.</summary>
    public int Faults => Volatile.Read(ref _faults);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this) { InnerHandler = new SocketsHttpHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;

    private sealed class Handler(DynamoDbFaultFactory owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : "";
            var operation = target[(target.LastIndexOf('.') + 1)..];
            int call;
            lock (owner._calls)
            {
                owner._calls[operation] = call = owner._calls.GetValueOrDefault(operation) + 1;
            }

            var fault = owner._rule(operation, call);
            if (fault != DynamoDbFault.None)
            {
                Interlocked.Increment(ref owner._faults);
            }

            switch (fault)
            {
                case DynamoDbFault.LandThenFail:
                    using (var landed = await base.SendAsync(request, cancellationToken).ConfigureAwait(false))
                    {
                        Assert.True(landed.IsSuccessStatusCode, $"the write to inject an ambiguous answer into failed: {landed.StatusCode}");
                    }

                    return Error(request, HttpStatusCode.InternalServerError, "InternalServerError");
                case DynamoDbFault.FailWithoutLanding:
                    return Error(request, HttpStatusCode.InternalServerError, "InternalServerError");
                case DynamoDbFault.Throttle:
                    return Error(request, HttpStatusCode.BadRequest, "ProvisionedThroughputExceededException");
                default:
                    return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }

        private static HttpResponseMessage Error(HttpRequestMessage request, HttpStatusCode status, string type) => new(status)
        {
            Content = new StringContent($$"""{"__type":"com.amazonaws.dynamodb.v20120810#{{type}}","message":"injected {{type}}"}""",
                Encoding.UTF8, "application/x-amz-json-1.0"),
            RequestMessage = request,
        };
    }
}
