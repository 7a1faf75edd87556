using System.Globalization;
using System.Net;
using Kickstarter.Connectors.DynamoDB.Tests.Infrastructure;
using Kickstarter.Testing;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Connectors.DynamoDB.Tests.Storage;

[Collection(DynaliteCollection.Name)]
public sealed class RetryTests(DynaliteFixture dynalite)
{
    [Theory]
    [InlineData("ThrottlingException")]
    [InlineData("ProvisionedThroughputExceededException")]
    [InlineData("RequestLimitExceeded")]
    public async Task ThrottledWriteIsRetriedAndSucceeds(string errorType)
    {
        var faults = new FaultInjectingHttpClientFactory("PutItem", faults: 2, HttpStatusCode.BadRequest, errorType);
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl, o =>
        {
            o.MaxRetries = 3;
            o.ConfigureClient = config => config.HttpClientFactory = faults;
        });
        var grainId = StorageHarness.NewGrainId();

        await harness.Storage.WriteStateAsync("s", grainId, new StoredState<CounterState>(new CounterState { Count = 5 }));

        Assert.Equal(3, faults.Attempts);
        Assert.Equal(2, harness.Logs.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains(errorType)));
        Assert.Equal("5", await ReadCountAsync(harness, grainId));
    }

    [Fact]
    public async Task ServerErrorIsRetried()
    {
        var faults = new FaultInjectingHttpClientFactory("GetItem", faults: 1, HttpStatusCode.InternalServerError, "InternalServerError");
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl, o => o.ConfigureClient = c => c.HttpClientFactory = faults);

        var read = new StoredState<CounterState>();
        await harness.Storage.ReadStateAsync("s", StorageHarness.NewGrainId(), read);

        Assert.Equal(2, faults.Attempts);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task PersistentThrottlingGivesUpAfterMaxRetriesWithAClearError()
    {
        var faults = new FaultInjectingHttpClientFactory("PutItem", faults: int.MaxValue, HttpStatusCode.BadRequest, "ProvisionedThroughputExceededException");
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl, o =>
        {
            o.MaxRetries = 2;
            o.ConfigureClient = config => config.HttpClientFactory = faults;
        });

        var error = await Assert.ThrowsAsync<DynamoDBGrainStorageException>(() =>
            harness.Storage.WriteStateAsync("s", StorageHarness.NewGrainId(), new StoredState<CounterState>(new CounterState())));

        Assert.Equal(3, faults.Attempts);
        Assert.Contains("gave up: PutItem (table", error.Message);
        Assert.Contains("failed 3 times (MaxRetries=2); last error", error.Message);
        Assert.Contains("ProvisionedThroughputExceededException", error.Message);
    }

    [Fact]
    public async Task AWriteThatLandedAndReportedA500IsRecognisedAsOwnWriteNotAConflict()
    {
        // The first PutItem is stored, then answered with a 500; the retry's condition fails against that very write.
        var faults = new FaultInjectingHttpClientFactory("PutItem", faults: 1, HttpStatusCode.InternalServerError, "InternalServerError", landFirst: true);
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl, o =>
        {
            o.MaxRetries = 3;
            o.ConfigureClient = config => config.HttpClientFactory = faults;
        });
        var grainId = StorageHarness.NewGrainId();
        var first = new StoredState<CounterState>(new CounterState { Count = 1 });
        await harness.Storage.WriteStateAsync("s", grainId, first); // consumes the fault: lands, 500, retried, recognised
        Assert.Equal(2, faults.Attempts);

        // The ETag the caller holds is the stored one, so the job goes on: the next conditional write succeeds.
        first.State = new CounterState { Count = 2 };
        await harness.Storage.WriteStateAsync("s", grainId, first);
        Assert.Equal("2", await ReadCountAsync(harness, grainId));
        Assert.Contains(harness.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("own earlier attempt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AConflictAfterARetryThatIsNotOurWriteIsStillAConflict()
    {
        // The first attempt is answered 500 without landing; meanwhile another writer changed the item.
        var harnessFaults = new FaultInjectingHttpClientFactory("PutItem", faults: 0, HttpStatusCode.InternalServerError, "InternalServerError");
        await using var harness = await StorageHarness.StartAsync(
            dynalite.Server.ServiceUrl, o => o.ConfigureClient = c => c.HttpClientFactory = harnessFaults);
        var grainId = StorageHarness.NewGrainId();
        var mine = new StoredState<CounterState>(new CounterState { Count = 1 });
        await harness.Storage.WriteStateAsync("s", grainId, mine);
        var theirs = new StoredState<CounterState>(new CounterState { Count = 1 }) { ETag = mine.ETag };
        await harness.Storage.WriteStateAsync("s", grainId, theirs);

        var faults = new FaultInjectingHttpClientFactory("PutItem", faults: 1, HttpStatusCode.InternalServerError, "InternalServerError");
        await using var faulty = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl, o =>
        {
            o.TableName = harness.Options.TableName; // the same item
            o.ConfigureClient = c => c.HttpClientFactory = faults;
        });
        mine.State = new CounterState { Count = 9 };
        await Assert.ThrowsAsync<Orleans.Storage.InconsistentStateException>(() => faulty.Storage.WriteStateAsync("s", grainId, mine));
        Assert.Equal(2, faults.Attempts); // retried, then read back: the stored ETag is theirs
        Assert.Equal(theirs.ETag, (await ReadAsync(harness, grainId)).ETag);
    }

    [Fact]
    public async Task ConditionFailureIsNotRetried()
    {
        var counting = new FaultInjectingHttpClientFactory("PutItem", faults: 0, HttpStatusCode.BadRequest, "unused");
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl, o => o.ConfigureClient = c => c.HttpClientFactory = counting);
        var grainId = StorageHarness.NewGrainId();
        await harness.Storage.WriteStateAsync("s", grainId, new StoredState<CounterState>(new CounterState()));

        await Assert.ThrowsAsync<Orleans.Storage.InconsistentStateException>(() =>
            harness.Storage.WriteStateAsync("s", grainId, new StoredState<CounterState>(new CounterState()) { ETag = "stale" }));

        Assert.Equal(2, counting.Attempts);
    }

    [Fact]
    public async Task UnreachableEndpointFailsStartUpAfterBoundedRetries()
    {
        var closedPort = FreePort.Next(); // nothing listens there: every connection is refused at once
        await using var harness = StorageHarness.Create($"http://127.0.0.1:{closedPort}", o => o.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<DynamoDBStorageUnavailableException>(() => harness.Storage.InitializeAsync(CancellationToken.None));

        Assert.Contains("gave up: DescribeTable (table", error.Message);
        Assert.Contains("failed 3 times (MaxRetries=2); last error", error.Message);
        Assert.Equal(2, harness.Logs.Entries.Count(e => e.EventId.Id == 5));
    }

    private static async Task<StoredState<CounterState>> ReadAsync(StorageHarness harness, Orleans.Runtime.GrainId grainId)
    {
        var read = new StoredState<CounterState>();
        await harness.Storage.ReadStateAsync("s", grainId, read);
        return read;
    }

    private static async Task<string> ReadCountAsync(StorageHarness harness, Orleans.Runtime.GrainId grainId)
    {
        var read = new StoredState<CounterState>();
        await harness.Storage.ReadStateAsync("s", grainId, read);
        return read.State.Count.ToString(CultureInfo.InvariantCulture);
    }
}
