using System.Net;
using Kickstarter.Connectors.DynamoDB.Tests.Infrastructure;
using Kickstarter.Testing;
using Microsoft.Extensions.Logging;
using Orleans;

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
        Assert.Contains("gave up on PutItem", error.Message);
        Assert.Contains("after 3 attempts (2 retries)", error.Message);
        Assert.Contains("ProvisionedThroughputExceededException", error.Message);
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

        Assert.Contains("gave up on DescribeTable", error.Message);
        Assert.Contains("after 3 attempts (2 retries)", error.Message);
        Assert.Equal(2, harness.Logs.Entries.Count(e => e.EventId.Id == 5));
    }

    private static async Task<string> ReadCountAsync(StorageHarness harness, Orleans.Runtime.GrainId grainId)
    {
        var read = new StoredState<CounterState>();
        await harness.Storage.ReadStateAsync("s", grainId, read);
        return read.State.Count.ToString();
    }
}
