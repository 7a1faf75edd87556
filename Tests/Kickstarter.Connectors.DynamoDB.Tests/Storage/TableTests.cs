using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Kickstarter.Connectors.DynamoDB.Tests.Infrastructure;

namespace Kickstarter.Connectors.DynamoDB.Tests.Storage;

[Collection(DynaliteCollection.Name)]
public sealed class TableTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task MissingTableIsCreatedOnDemandAndActiveAtStartUp()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl);

        var table = (await harness.Raw.DescribeTableAsync(harness.Options.TableName)).Table;

        Assert.Equal(TableStatus.ACTIVE, table.TableStatus);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, table.BillingModeSummary?.BillingMode);
        var key = Assert.Single(table.KeySchema);
        Assert.Equal("PK", key.AttributeName);
        Assert.Equal(KeyType.HASH, key.KeyType);
    }

    [Fact]
    public async Task ProvisionedThroughputCreatesTheTableWithTheConfiguredCapacity()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl, o =>
        {
            o.UseProvisionedThroughput = true;
            o.ReadCapacityUnits = 7;
            o.WriteCapacityUnits = 3;
        });

        var table = (await harness.Raw.DescribeTableAsync(harness.Options.TableName)).Table;

        Assert.Equal(7, table.ProvisionedThroughput.ReadCapacityUnits);
        Assert.Equal(3, table.ProvisionedThroughput.WriteCapacityUnits);
    }

    [Fact]
    public async Task ExistingTableIsReusedAcrossProviderRestarts()
    {
        var tableName = $"t-{Guid.NewGuid():N}";
        var grainId = StorageHarness.NewGrainId();
        await using (var first = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl, o => o.TableName = tableName))
        {
            await first.Storage.WriteStateAsync("s", grainId, new StoredState<CounterState>(new CounterState { Count = 11 }));
        }

        await using var second = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl, o => o.TableName = tableName);
        var read = new StoredState<CounterState>();
        await second.Storage.ReadStateAsync("s", grainId, read);

        Assert.Equal(11, read.State.Count);
    }

    [Fact]
    public async Task StartUpFailsClearlyWhenTheTableIsMissingAndCreationIsOff()
    {
        await using var harness = StorageHarness.Create(dynalite.Server.ServiceUrl, o => o.CreateIfNotExists = false);

        var error = await Assert.ThrowsAsync<DynamoDBStorageUnavailableException>(() => harness.Storage.InitializeAsync(CancellationToken.None));

        Assert.Contains(harness.Options.TableName, error.Message);
        Assert.Contains("CreateIfNotExists is false", error.Message);
        Assert.Contains("'dynamo'", error.Message);
    }

    [Fact]
    public async Task StartUpRefusesATableWithAnotherKeySchema()
    {
        var tableName = $"t-{Guid.NewGuid():N}";
        using (var raw = new AmazonDynamoDBClient(new Amazon.Runtime.BasicAWSCredentials("a", "b"),
            new AmazonDynamoDBConfig { ServiceURL = dynalite.Server.ServiceUrl, AuthenticationRegion = "us-east-1" }))
        {
            await raw.CreateTableAsync(new CreateTableRequest
            {
                TableName = tableName,
                KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
                AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            });
        }

        await using var harness = StorageHarness.Create(dynalite.Server.ServiceUrl, o => o.TableName = tableName);

        var error = await Assert.ThrowsAsync<DynamoDBStorageUnavailableException>(() => harness.Storage.InitializeAsync(CancellationToken.None));
        Assert.Contains("key schema [id HASH]", error.Message);
    }

    [Fact]
    public async Task UseBeforeInitializationFailsWithAClearMessage()
    {
        await using var harness = StorageHarness.Create(dynalite.Server.ServiceUrl);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            harness.Storage.ReadStateAsync("s", StorageHarness.NewGrainId(), new StoredState<CounterState>()));
        Assert.Contains("not initialized", error.Message);
    }
}
