using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Kickstarter.Testing;

namespace Kickstarter.Connectors.DynamoDB.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class PersistentStateTests(ClusterFixture fixture)
{
    [Fact]
    public async Task StateSurvivesDeactivation()
    {
        var key = $"SUN{Guid.NewGuid():N}";
        var grain = fixture.Cluster.GrainFactory.GetGrain<ICounterGrain>(key);
        for (var i = 0; i < 3; i++)
        {
            await grain.Increment();
        }

        var firstActivation = await grain.ActivationId();

        await grain.Deactivate();
        await Eventually.Until(async () => await grain.ActivationId() != firstActivation, TimeSpan.FromSeconds(20), "the grain runs in a new activation");

        Assert.Equal(3, await grain.Get());
        Assert.Equal(4, await grain.Increment());
    }

    [Fact]
    public async Task GrainStateIsAnItemOfTheConfiguredTable()
    {
        var key = $"SKY{Guid.NewGuid():N}";
        await fixture.Cluster.GrainFactory.GetGrain<ICounterGrain>(key).Increment();

        using var raw = new AmazonDynamoDBClient(new BasicAWSCredentials("a", "b"),
            new AmazonDynamoDBConfig { ServiceURL = fixture.Dynalite.ServiceUrl, AuthenticationRegion = "us-east-1" });
        var item = (await raw.GetItemAsync(new GetItemRequest
        {
            TableName = ClusterFixture.TableName,
            Key = new() { ["PK"] = new AttributeValue { S = $"{fixture.Cluster.Options.ServiceId}/s/counter/{key}" } },
            ConsistentRead = true,
        })).Item;

        Assert.NotNull(item);
        Assert.Equal("counter", item["GrainType"].S);
        Assert.True(item["Payload"].B.Length > 0);
    }

    [Fact]
    public void SiloLogsShowTheOptionsWithCredentialsRedacted()
    {
        var logs = ClusterFixture.SiloLogs.Entries;

        Assert.Contains(logs, e => e.Message.Contains("DynamoDBStorageOptions") && e.Message.Contains("REDACTED"));
        Assert.Contains(logs, e => e.Message.Contains($"DynamoDB grain storage '{ClusterFixture.StorageName}' ready"));
        Assert.All(logs, e =>
        {
            Assert.DoesNotContain(ClusterFixture.AccessKey, e.FullText);
            Assert.DoesNotContain(ClusterFixture.SecretKey, e.FullText);
        });
    }
}
