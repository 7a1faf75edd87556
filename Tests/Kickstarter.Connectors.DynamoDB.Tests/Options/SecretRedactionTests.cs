using Kickstarter.Connectors.DynamoDB.Tests.Infrastructure;

namespace Kickstarter.Connectors.DynamoDB.Tests.Options;

[Collection(DynaliteCollection.Name)]
public sealed class SecretRedactionTests(DynaliteFixture dynalite)
{
    private const string AccessKey = "AKIASECRETVALUE12345";
    private const string SecretKey = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";

    [Fact]
    public void ValidationMessagesNeverQuoteCredentials()
    {
        var messages = new List<string>();
        foreach (var (accessKey, secretKey) in new[] { (AccessKey, (string?)null), (null, SecretKey) })
        {
            var options = OptionsValidationTests.ValidOptions();
            options.AccessKey = accessKey;
            options.SecretKey = secretKey;
            messages.Add(Assert.Single(OptionsValidationTests.Failures(options)));
        }

        // Every other rule broken at once, with both credentials set, must not quote them either.
        var broken = OptionsValidationTests.ValidOptions();
        broken.AccessKey = AccessKey;
        broken.SecretKey = SecretKey;
        broken.TableName = AccessKey[..2];
        messages.AddRange(OptionsValidationTests.Failures(broken));
        Assert.Equal(3, messages.Count);

        Assert.All(messages, m => AssertNoSecret(m));
    }

    [Fact]
    public void ToStringDescribesTheOptionsWithoutCredentials()
    {
        var options = new DynamoDBStorageOptions { AccessKey = AccessKey, SecretKey = SecretKey, TableName = "Flights" };

        var text = options.ToString();

        Assert.Contains("Flights", text);
        Assert.Contains("redacted", text);
        AssertNoSecret(text);
    }

    [Fact]
    public async Task LogsOfStartUpWritesConflictsRetriesAndFailuresNeverContainCredentials()
    {
        var faults = new FaultInjectingHttpClientFactory("PutItem", faults: 1, System.Net.HttpStatusCode.BadRequest, "ThrottlingException");
        await using (var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl, o =>
        {
            o.AccessKey = AccessKey;
            o.SecretKey = SecretKey;
            o.ConfigureClient = c => c.HttpClientFactory = faults;
        }))
        {
            var grainId = StorageHarness.NewGrainId();
            var state = new StoredState<CounterState>(new CounterState { Count = 1 });
            await harness.Storage.WriteStateAsync("s", grainId, state); // one throttled attempt, then success
            await Assert.ThrowsAnyAsync<Exception>(() =>
                harness.Storage.WriteStateAsync("s", grainId, new StoredState<CounterState>(new CounterState()) { ETag = "stale" }));

            Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == 5); // the retry was logged
            Assert.All(harness.Logs.Entries, e => AssertNoSecret(e.FullText));
        }

        // A start-up that fails (nothing listens) logs errors with exceptions: still no credentials.
        await using var failing = StorageHarness.Create($"http://127.0.0.1:{Kickstarter.Testing.FreePort.Next()}", o =>
        {
            o.AccessKey = AccessKey;
            o.SecretKey = SecretKey;
            o.MaxRetries = 1;
        });
        await Assert.ThrowsAsync<DynamoDBStorageUnavailableException>(() => failing.Storage.InitializeAsync(CancellationToken.None));
        Assert.Contains(failing.Logs.Entries, e => e.EventId.Id == 4);
        Assert.All(failing.Logs.Entries, e => AssertNoSecret(e.FullText));
    }

    private static void AssertNoSecret(string text)
    {
        Assert.DoesNotContain(AccessKey, text);
        Assert.DoesNotContain(SecretKey, text);
    }
}
