using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Connectors.DynamoDB;

/// <summary>
/// Makes sure the state table exists with the expected key (creating it when allowed) and is ACTIVE.
/// </summary>
internal sealed class DynamoDBTableInitializer(
    IAmazonDynamoDB client, DynamoDBStorageOptions options, string providerName, DynamoDBRetryPolicy retry, ILogger logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ActiveTimeout = TimeSpan.FromMinutes(5);

    public async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        var table = await DescribeAsync(cancellationToken).ConfigureAwait(false);
        if (table is null)
        {
            if (!options.CreateIfNotExists)
            {
                throw new DynamoDBGrainStorageException(
                    $"Table '{options.TableName}' does not exist and CreateIfNotExists is false for the DynamoDB grain storage " +
                        $"'{providerName}'.");
            }

            await CreateAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            CheckKeySchema(table);
        }

        await WaitUntilActiveAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<TableDescription?> DescribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await retry.ExecuteAsync("DescribeTable",
                ct => client.DescribeTableAsync(new DescribeTableRequest { TableName = options.TableName }, ct),
                cancellationToken).ConfigureAwait(false);
            return response.Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        var request = new CreateTableRequest
        {
            TableName = options.TableName,
            KeySchema = [new KeySchemaElement(GrainStateItem.PartitionKey, KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition(GrainStateItem.PartitionKey, ScalarAttributeType.S)],
        };
        if (options.UseProvisionedThroughput)
        {
            request.BillingMode = BillingMode.PROVISIONED;
            request.ProvisionedThroughput = new ProvisionedThroughput(options.ReadCapacityUnits, options.WriteCapacityUnits);
        }
        else
        {
            request.BillingMode = BillingMode.PAY_PER_REQUEST;
        }

        try
        {
            await retry.ExecuteAsync("CreateTable", ct => client.CreateTableAsync(request, ct), cancellationToken).ConfigureAwait(false);
            DynamoDBGrainStorageLog.TableCreated(logger, providerName, options.TableName, request.BillingMode.Value);
        }
        catch (ResourceInUseException)
        {
            // Another silo created it at the same moment: waiting for ACTIVE below is all that is left to do.
        }
    }

    private void CheckKeySchema(TableDescription table)
    {
        var keys = table.KeySchema ?? [];
        if (keys.Count != 1 || keys[0].AttributeName != GrainStateItem.PartitionKey || keys[0].KeyType != KeyType.HASH)
        {
            var found = string.Join(", ", keys.Select(k => $"{k.AttributeName} {k.KeyType}"));
            throw new DynamoDBGrainStorageException(
                $"Table '{options.TableName}' has key schema [{found}], but the DynamoDB grain storage '{providerName}' needs a single " +
                $"hash key '{GrainStateItem.PartitionKey}' of type S. Use another TableName.");
        }
    }

    private async Task WaitUntilActiveAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ActiveTimeout);
        try
        {
            while (true)
            {
                var table = await DescribeAsync(timeout.Token).ConfigureAwait(false);
                if (table?.TableStatus == TableStatus.ACTIVE)
                {
                    return;
                }

                await Task.Delay(PollInterval, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DynamoDBGrainStorageException(
                $"Table '{options.TableName}' did not become ACTIVE within {ActiveTimeout.TotalMinutes} minutes for the DynamoDB grain " +
                $"storage '{providerName}'.");
        }
    }
}
