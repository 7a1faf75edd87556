using System.Globalization;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Spec;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.DynamoDb;

/// <summary>
/// The DynamoDB items are asserted attribute by attribute against what Apache Iceberg's iceberg-aws DynamoDbCatalog
/// writes (expectations written by hand from its DynamoDbCatalog / DynamoDbTableOperations and
/// BaseMetastoreTableOperations): key schema, namespace item, table item before and after a commit.
/// </summary>
public sealed partial class DynamoDbCatalogLayoutTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly TableIdentifier Flight = new(["kickstarter", "airlines"], "flight");

    private AmazonDynamoDBClient RawClient() =>
        new(new BasicAWSCredentials("local", "local-secret"),
            new AmazonDynamoDBConfig { ServiceURL = dynalite.ServiceUrl, AuthenticationRegion = "us-east-1" });

    private async Task<Dictionary<string, AttributeValue>> ItemAsync(string table, string identifier, string @namespace)
    {
        using var raw = RawClient();
        var response = await raw.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            ConsistentRead = true,
            Key = new() { ["identifier"] = new AttributeValue { S = identifier }, ["namespace"] = new AttributeValue { S = @namespace } },
        });
        Assert.NotNull(response.Item);
        return response.Item;
    }

    [Fact]
    public async Task CatalogTableHasIcebergKeySchemaIndexAndBilling()
    {
        using var catalog = dynalite.Catalog("layout_keys");
        await catalog.CreateNamespaceIfNotExistsAsync(["kickstarter"], null, CancellationToken.None);

        using var raw = RawClient();
        var table = (await raw.DescribeTableAsync("layout_keys")).Table;
        Assert.Equal(["identifier:HASH", "namespace:RANGE"], table.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}"));
        Assert.Equal(["identifier:S", "namespace:S"], table.AttributeDefinitions.Select(a => $"{a.AttributeName}:{a.AttributeType.Value}").Order());
        var index = Assert.Single(table.GlobalSecondaryIndexes);
        Assert.Equal("namespace-identifier", index.IndexName);
        Assert.Equal(["namespace:HASH", "identifier:RANGE"], index.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}"));
        Assert.Equal("KEYS_ONLY", index.Projection.ProjectionType.Value);
        Assert.Equal("PAY_PER_REQUEST", table.BillingModeSummary.BillingMode.Value);
    }

    [Fact]
    public async Task NamespaceItemHasIcebergAttributes()
    {
        using var catalog = dynalite.Catalog("layout_ns");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.True(
            await catalog.CreateNamespaceIfNotExistsAsync(
            ["kickstarter", "airlines"], new Dictionary<string, string> { ["owner"] = "ops" }, CancellationToken.None));
        Assert.False(await catalog.CreateNamespaceIfNotExistsAsync(["kickstarter", "airlines"], null, CancellationToken.None));

        var item = await ItemAsync("layout_ns", "NAMESPACE", "kickstarter.airlines");
        Assert.Equal(["created_at", "identifier", "namespace", "p.owner", "updated_at", "v"], item.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("NAMESPACE", item["identifier"].S);
        Assert.Equal("kickstarter.airlines", item["namespace"].S);
        Assert.Equal("ops", item["p.owner"].S);
        Assert.Matches(UuidPattern(), item["v"].S);
        Assert.InRange(long.Parse(item["created_at"].N, CultureInfo.InvariantCulture), before, before + 60_000);
        Assert.Equal(item["created_at"].N, item["updated_at"].N);
    }

    [Fact]
    public async Task TableItemHasIcebergAttributesBeforeAndAfterACommit()
    {
        using var catalog = dynalite.Catalog("layout_table");
        var table = await catalog.CreateTableIfNotExistsAsync(Flight, TestData.FlightSchema, PartitionSpec.Unpartitioned, null, CancellationToken.None);

        var created = await ItemAsync("layout_table", "kickstarter.airlines.flight", "kickstarter.airlines");
        Assert.Equal(
            ["created_at", "identifier", "namespace", "p.metadata_location", "p.table_type", "updated_at", "v"],
            created.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("ICEBERG", created["p.table_type"].S);
        var tableLocation = $"{dynalite.WarehouseLocation}/kickstarter.airlines.db/flight";
        Assert.Matches($"^{Regex.Escape(tableLocation)}/metadata/00000-{UuidPattern()}\\.metadata\\.json$", created["p.metadata_location"].S);
        Assert.Matches(UuidPattern(), created["v"].S);
        Assert.Equal(tableLocation, table.Metadata.Location);
        Assert.True(File.Exists(new Uri(created["p.metadata_location"].S).LocalPath));

        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 10), "layout", CancellationToken.None);
        await table.NewAppend().AddFiles(files).CommitAsync();

        var committed = await ItemAsync("layout_table", "kickstarter.airlines.flight", "kickstarter.airlines");
        Assert.Equal(["created_at", "identifier", "namespace", "p.metadata_location", "p.previous_metadata_location", "p.table_type", "updated_at", "v"],
            committed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(created["p.metadata_location"].S, committed["p.previous_metadata_location"].S);
        Assert.Matches($"^{Regex.Escape(tableLocation)}/metadata/00001-{UuidPattern()}\\.metadata\\.json$", committed["p.metadata_location"].S);
        Assert.Equal("ICEBERG", committed["p.table_type"].S);
        Assert.NotEqual(created["v"].S, committed["v"].S);
        Assert.Equal(created["created_at"].N, committed["created_at"].N);
        Assert.True(long.Parse(committed["updated_at"].N, CultureInfo.InvariantCulture) >= long.Parse(created["updated_at"].N, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task NamespaceDefaultLocationIsTheParentOfNewTables()
    {
        using var catalog = dynalite.Catalog("layout_location");
        var parent = $"{dynalite.WarehouseLocation}/elsewhere";
        await catalog.CreateNamespaceIfNotExistsAsync(["custom"], new Dictionary<string, string> { ["default_location"] = parent }, CancellationToken.None);
        var table = await catalog.CreateTableIfNotExistsAsync(
            new TableIdentifier(["custom"], "t1"), TestData.FlightSchema, PartitionSpec.Unpartitioned, null, CancellationToken.None);
        Assert.Equal($"{parent}/t1", table.Metadata.Location);
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex UuidPattern();
}
