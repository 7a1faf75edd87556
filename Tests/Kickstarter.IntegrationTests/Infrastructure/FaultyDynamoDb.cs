using Kickstarter.Testing;
using Kickstarter.Testing.Faults;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// dynalite behind an <see cref="HttpFaultProxy"/>: a silo's grain storage that a test can make refuse chosen
/// requests, with the switches that point a Silo process at it.
/// </summary>
public sealed class FaultyDynamoDb : IAsyncDisposable
{
    private FaultyDynamoDb(DynaliteServer dynalite, HttpFaultProxy proxy)
    {
        Dynalite = dynalite;
        Proxy = proxy;
    }

    /// <summary>The DynamoDB-protocol server itself.</summary>
    public DynaliteServer Dynalite { get; }

    /// <summary>The proxy in front of it: set its <see cref="HttpFaultProxy.Rule"/>, count with <see cref="HttpFaultProxy.Faulted"/>.</summary>
    public HttpFaultProxy Proxy { get; }

    /// <summary>Starts dynalite and the proxy; every request is forwarded until a rule says otherwise.</summary>
    public static async Task<FaultyDynamoDb> StartAsync()
    {
        var dynalite = await DynaliteServer.StartAsync();
        try
        {
            return new FaultyDynamoDb(dynalite, await HttpFaultProxy.StartAsync(dynalite.ServiceUrl));
        }
        catch
        {
            await dynalite.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The Silo switches for DynamoDB grain storage through the proxy, with <paramref name="accessKey"/> and
    /// <c>&lt;accessKey&gt;-secret</c> as credentials (so a test can look for the secret in the output) and one retry,
    /// so a refused request reaches the caller quickly.
    /// </summary>
    public string[] SiloSwitches(string accessKey) =>
    [
        "--Storage:Provider=DynamoDB", $"--Storage:DynamoDB:ServiceUrl={Proxy.Url}",
        $"--Storage:DynamoDB:AccessKey={accessKey}", $"--Storage:DynamoDB:SecretKey={accessKey}-secret", "--Storage:DynamoDB:MaxRetries=1",
    ];

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Dynalite.DisposeAsync();
    }
}
