using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Kickstarter.Testing;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// What an operator creates before deploying silos that run with <c>CreateIfNotExists=false</c>: the grain state table
/// (string hash key <c>PK</c>) and the Iceberg catalog table in Apache Iceberg's DynamoDB layout, as
/// infra/k8s/README.md's <c>aws dynamodb create-table</c> commands and infra/terraform/aws-ecs/dynamodb.tf make them.
/// </summary>
public static class OperatorResources
{
    /// <summary>
    /// Creates both tables on dynalite, on-demand; the state table's hash key is <paramref name="stateHashKey"/> (the
    /// grain storage's default, <c>PK</c>, unless a module configures another).
    /// </summary>
    public static async Task CreateTablesAsync(
        DynaliteServer dynalite, string region, string stateTable, string catalogTable, string stateHashKey = "PK")
    {
        using var dynamo = new AmazonDynamoDBClient(new BasicAWSCredentials("operator", "operator"),
            new AmazonDynamoDBConfig { ServiceURL = dynalite.ServiceUrl, AuthenticationRegion = region });
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = stateTable,
            KeySchema = [new KeySchemaElement(stateHashKey, KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition(stateHashKey, ScalarAttributeType.S)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = catalogTable,
            KeySchema = [new KeySchemaElement("identifier", KeyType.HASH), new KeySchemaElement("namespace", KeyType.RANGE)],
            AttributeDefinitions =
            [
                new AttributeDefinition("identifier", ScalarAttributeType.S),
                new AttributeDefinition("namespace", ScalarAttributeType.S),
            ],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = "namespace-identifier",
                    KeySchema = [new KeySchemaElement("namespace", KeyType.HASH), new KeySchemaElement("identifier", KeyType.RANGE)],
                    Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                },
            ],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });
    }
}
