using System.Diagnostics;
using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Catalog.Rest;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Options;
using Kickstarter.Testing.Logging;
using Xunit;
using static Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest.RestClients;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest;

/// <summary>The REST client's retry pipelines: what is resent, how often, how giving up reads, and cancellation.</summary>
public sealed class RestCatalogRetryTests
{
    private const int RetryEvent = 4120;

    private static RestCatalog Client(RestCatalogServer server, RecordingLogger logger, Action<RestCatalogOptions> configure)
    {
        var options = new RestCatalogOptions
        {
            Uri = server.Uri,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        configure(options);
        return new RestCatalog(options, new LocalFileIO(), null, logger);
    }

    private static int LoadTableRequests(RestCatalogServer server) =>
        server.Requests.Count(r => r.StartsWith("GET ", StringComparison.Ordinal) && r.EndsWith("/tables/flight", StringComparison.Ordinal));

    [Theory]
    [InlineData(429)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task TransientReadAnswersAreRetriedWithinTheBudgetAndEachRetryIsLogged(int status)
    {
        await using var server = await RestCatalogServer.StartAsync();
        var logger = new RecordingLogger();
        using var catalog = Client(server, logger, options => options.MaxRetries = 3);
        await CreateFlightAsync(catalog);
        var before = LoadTableRequests(server);
        server.ReadFailureStatus = status;
        server.FailingReads = 2;

        var table = await catalog.LoadTableAsync(Flight, CancellationToken.None);

        Assert.Equal(Flight, table.Identifier);
        Assert.Equal(3, LoadTableRequests(server) - before);
        var retries = logger.Messages(RetryEvent);
        Assert.Equal(2, retries.Count);
        Assert.Contains("attempt 1 of 4", retries[0]);
        Assert.Contains("attempt 2 of 4", retries[1]);
        Assert.All(retries, message => Assert.Contains($"injected: transient {status}", message));
    }

    [Fact]
    public async Task ReadsFailingPastTheBudgetGiveUpNamingTheAttemptsTheSettingAndTheLastError()
    {
        await using var server = await RestCatalogServer.StartAsync();
        var logger = new RecordingLogger();
        using var catalog = Client(server, logger, options => options.MaxRetries = 2);
        await CreateFlightAsync(catalog);
        var before = LoadTableRequests(server);
        server.FailingReads = int.MaxValue;

        var error = await Assert.ThrowsAsync<CatalogUnavailableException>(() => catalog.LoadTableAsync(Flight, CancellationToken.None));

        Assert.Equal(3, LoadTableRequests(server) - before);
        Assert.Contains(
            "is unavailable: loadTable kickstarter.airlines.flight failed 3 times (Iceberg:Catalog:Rest:MaxRetries=2); last error",
            error.Message);
        Assert.Contains("injected: transient 503", error.Message);
        Assert.Equal(2, logger.Messages(RetryEvent).Count);
    }

    [Fact]
    public async Task AnAnswerThatIsNotTransientIsNotRetried()
    {
        await using var server = await RestCatalogServer.StartAsync();
        var logger = new RecordingLogger();
        using var catalog = Client(server, logger, options => options.MaxRetries = 3);
        await CreateFlightAsync(catalog);
        var before = LoadTableRequests(server);
        server.ReadFailureStatus = 500; // on a read: an error of the catalog, not a pause it asks for
        server.FailingReads = int.MaxValue;

        var error = await Assert.ThrowsAsync<CatalogUnavailableException>(() => catalog.LoadTableAsync(Flight, CancellationToken.None));

        Assert.Contains("refused loadTable", error.Message);
        Assert.Equal(1, LoadTableRequests(server) - before);
        Assert.Empty(logger.Messages(RetryEvent));
    }

    [Fact]
    public async Task ACommitProvenNotAppliedEachTimeGivesUpWithTheTableUnchanged()
    {
        await using var server = await RestCatalogServer.StartAsync();
        var logger = new RecordingLogger();
        using var catalog = Client(server, logger, options => options.MaxRetries = 2);
        var table = await CreateFlightAsync(catalog);
        server.OnCommit = _ => CommitFault.Reject503;
        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 10), "x", CancellationToken.None);

        var error = await Assert.ThrowsAsync<CatalogUnavailableException>(() => table.NewAppend().AddFiles(files).CommitAsync());

        Assert.Equal(3, server.CommitCalls);
        Assert.Contains(
            "updateTable kickstarter.airlines.flight failed 3 times (Iceberg:Catalog:Rest:MaxRetries=2); last error", error.Message);
        Assert.Contains("the table is unchanged", error.Message);
        Assert.Equal(2, logger.Messages(RetryEvent).Count);
        Assert.Empty((await catalog.LoadTableAsync(Flight, CancellationToken.None)).Metadata.Snapshots);
        Assert.Empty(server.Violations);
    }

    [Fact]
    public async Task CancellationDuringABackoffEndsTheCallAtOnce()
    {
        await using var server = await RestCatalogServer.StartAsync();
        var logger = new RecordingLogger();
        // Equal jitter over min(5 s, 5 s cap): the first wait is at least 2.5 s, far more than a cancelled call may take.
        using var catalog = Client(server, logger, options =>
        {
            options.MaxRetries = 3;
            options.RetryBaseDelay = TimeSpan.FromSeconds(5);
        });
        await CreateFlightAsync(catalog);
        var before = LoadTableRequests(server);
        server.FailingReads = int.MaxValue;
        using var cancel = new CancellationTokenSource();
        var sinceCancel = new Stopwatch();
        logger.OnLog = eventId =>
        {
            if (eventId == RetryEvent)
            {
                sinceCancel.Start();
                cancel.Cancel(); // the client is about to wait: cancel then
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => catalog.LoadTableAsync(Flight, cancel.Token));

        Assert.True(sinceCancel.IsRunning, "no retry was logged, so the call was never waiting");
        Assert.True(sinceCancel.Elapsed < TimeSpan.FromSeconds(2), $"the call ended {sinceCancel.Elapsed} after it was cancelled");
        Assert.Equal(1, LoadTableRequests(server) - before);
    }
}
