using Amazon.DynamoDBv2.Model;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Json;
using Kickstarter.Connectors.Iceberg.Spec;
using Kickstarter.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;

/// <summary>
/// One table's metadata pointer in the DynamoDB catalog. A commit writes the new metadata file through the file IO
/// (any scheme: with S3 no host needs a shared disk), then swaps <c>p.metadata_location</c> with a conditional
/// UpdateItem on the version <c>v</c> it read. Outcomes: success; a failed condition, which is a lost race unless the
/// item already points at our file (our own earlier attempt landed); throttling, resent after a pause; or an
/// ambiguous failure (5xx, timeout, broken connection), after which the item is read back and compared before
/// anything is resent.
/// </summary>
internal sealed class DynamoDbTableOperations(
    DynamoDbCatalogClient client, IFileIO io, TableIdentifier id, TableEnvironment environment, ILogger logger)
    : ITableOperations
{
    private readonly ResiliencePipeline<WriteAttempt> _writePipeline = WritePipeline(client);

    public IFileIO Io { get; } = io;

    public TableIdentifier Identifier { get; } = id;

    public string MetadataFileLocation(TableMetadata metadata, string fileName) => $"{metadata.Location.TrimEnd('/')}/metadata/{fileName}";

    public async Task<Dictionary<string, AttributeValue>?> GetItemAsync(CancellationToken ct)
    {
        var request =
            new GetItemRequest { TableName = client.TableName, Key = DynamoDbCatalogItems.TableKey(Identifier), ConsistentRead = true };
        var response = await client.RunAsync("GetItem", c => client.Dynamo.GetItemAsync(request, c), ct).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    public async Task<TableMetadata> RefreshAsync(CancellationToken ct)
    {
        var item = await GetItemAsync(ct).ConfigureAwait(false);
        var location = DynamoDbCatalogItems.MetadataLocation(item)
            ?? throw new NoSuchTableException($"table {Identifier} does not exist in DynamoDB catalog table '{client.TableName}'");
        return await ReadMetadataAsync(location, ct).ConfigureAwait(false);
    }

    private async Task<TableMetadata> ReadMetadataAsync(string location, CancellationToken ct) =>
        TableMetadataJson.Parse(await Io.ReadAsync(location, ct).ConfigureAwait(false), location);

    /// <summary>Creates the table item for metadata version 0; false when the table exists already.</summary>
    public async Task<bool> TryCreateAsync(TableMetadata metadata, CancellationToken ct)
    {
        var location = MetadataFileNames.Next(metadata.Location, null);
        await Io.WriteAsync(location, TableMetadataJson.Serialize(metadata), ct).ConfigureAwait(false);
        var item = DynamoDbCatalogItems.TableKey(Identifier);
        item[DynamoDbCatalogItems.PropertyPrefix + DynamoDbCatalogItems.TableTypeProperty] =
            new AttributeValue { S = DynamoDbCatalogItems.IcebergTableType };
        item[DynamoDbCatalogItems.MetadataLocationAttribute] = new AttributeValue { S = location };
        DynamoDbCatalogItems.StampNew(item, environment.Clock());
        var request = new PutItemRequest
        {
            TableName = client.TableName,
            Item = item,
            ConditionExpression = $"attribute_not_exists({DynamoDbCatalogItems.Version})",
        };
        var outcome = await ConditionalWriteAsync("PutItem", c => client.Dynamo.PutItemAsync(request, c), location, ct)
            .ConfigureAwait(false);
        if (outcome is null)
        {
            await Io.DeleteAsync(location, ct).ConfigureAwait(false);
        }

        return outcome is not null;
    }

    public async Task<TableMetadata?> TryCommitAsync(TableMetadata @base, TableMetadata updated, CancellationToken ct)
    {
        var expected = @base.MetadataFileLocation ?? throw new ArgumentException("the base metadata has no file location", nameof(@base));
        var location = MetadataFileNames.Next(updated.Location, expected);
        await Io.WriteAsync(location, TableMetadataJson.Serialize(updated), ct).ConfigureAwait(false);

        var item = await GetItemAsync(ct).ConfigureAwait(false)
            ?? throw new NoSuchTableException(
                $"table {Identifier} disappeared from DynamoDB catalog table '{client.TableName}' during a commit");
        var current = DynamoDbCatalogItems.MetadataLocation(item);
        if (current != expected)
        {
            DynamoDbCatalogLog.LostRace(logger, Identifier, current, expected);
            await Io.DeleteAsync(location, ct).ConfigureAwait(false);
            return null;
        }

        var request = UpdateRequest(item, location, expected);
        var landed = await ConditionalWriteAsync("UpdateItem", c => client.Dynamo.UpdateItemAsync(request, c), location, ct)
            .ConfigureAwait(false);
        if (landed is null)
        {
            await Io.DeleteAsync(location, ct).ConfigureAwait(false);
            return null;
        }

        return landed == location ? TableMetadataJson.Parse(TableMetadataJson.Serialize(updated), location)
            : await ReadMetadataAsync(landed, ct).ConfigureAwait(false);
    }

    /// <summary>Sets every p. property again (as Iceberg does), the new pointer and a new version, on the version read.</summary>
    private UpdateItemRequest UpdateRequest(Dictionary<string, AttributeValue> item, string location, string previous)
    {
        var properties = DynamoDbCatalogItems.Properties(item);
        properties[DynamoDbCatalogItems.TableTypeProperty] = DynamoDbCatalogItems.IcebergTableType;
        properties[DynamoDbCatalogItems.MetadataLocationProperty] = location;
        properties[DynamoDbCatalogItems.PreviousMetadataLocationProperty] = previous;
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        var sets = new List<string>();
        var index = 0;
        foreach (var (key, value) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            names[$"#k{index}"] = DynamoDbCatalogItems.PropertyPrefix + key;
            values[$":v{index}"] = new AttributeValue { S = value };
            sets.Add($"#k{index} = :v{index}");
            index++;
        }

        values[":uat"] = new AttributeValue { N = DynamoDbCatalogItems.Millis(environment.Clock()) };
        values[":uv"] = new AttributeValue { S = DynamoDbCatalogItems.NewVersion() };
        values[":v"] = item[DynamoDbCatalogItems.Version];
        sets.Add($"{DynamoDbCatalogItems.UpdatedAt} = :uat");
        sets.Add($"{DynamoDbCatalogItems.Version} = :uv");
        return new UpdateItemRequest
        {
            TableName = client.TableName,
            Key = DynamoDbCatalogItems.TableKey(Identifier),
            ConditionExpression = $"{DynamoDbCatalogItems.Version} = :v",
            UpdateExpression = "SET " + string.Join(", ", sets),
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        };
    }

    /// <summary>
    /// Sends a conditional write that points the item at <paramref name="location"/>. Returns the metadata location
    /// now committed that contains our change (ours, or a later one built on ours), or null when our change did not
    /// land and another writer's did. Throws <see cref="CommitStateUnknownException"/> when that cannot be decided.
    /// </summary>
    /// <remarks>
    /// Each attempt settles its own outcome before the pipeline may resend: an ambiguous failure is read back, so only
    /// a write that was throttled, or read back as not applied, is sent again (the same conditional write, safe to
    /// resend). A write that landed but reported an error is found by the read-back and never applied twice.
    /// </remarks>
    private async Task<string?> ConditionalWriteAsync(
        string operation, Func<CancellationToken, Task> write, string location, CancellationToken ct)
    {
        var what = $"{operation} of {Identifier}";
        var ambiguous = false;
        var context = ResilienceContextPool.Shared.Get(what, ct);
        context.Properties.Set(DynamoDbCatalogClient.OperationKey, what);
        WriteAttempt outcome;
        try
        {
            outcome = await _writePipeline.ExecuteAsync(
                async (context, write) =>
                {
                    var attempt = await AttemptWriteAsync(write, location, context.CancellationToken).ConfigureAwait(false);
                    ambiguous |= attempt.Kind == DynamoDbFailureKind.Ambiguous;
                    return attempt;
                },
                context, write).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (outcome is not { Failure: { } failure, Kind: { } kind })
        {
            return outcome.Landed;
        }

        var gaveUp = client.GaveUp(what, kind, failure);
        throw ambiguous ? new CommitStateUnknownException($"commit of {Identifier} to {location}: {gaveUp.Message}", gaveUp) : gaveUp;
    }

    /// <summary>The conditional write's pipeline: resends only a write known not to have been applied.</summary>
    private static ResiliencePipeline<WriteAttempt> WritePipeline(DynamoDbCatalogClient client) =>
        RetryPipelines.Create<WriteAttempt>($"iceberg-dynamodb-commit-{client.TableName}", client.Schedule,
            outcome => outcome.Result is { Failure: not null },
            (outcome, context, notice) => client.LogRetry(
                context.Properties.GetValue(DynamoDbCatalogClient.OperationKey, ""), outcome.Result!.Kind!.Value,
                outcome.Result.Failure!, notice));

    /// <summary>One send of the conditional write, its outcome settled (read back after an ambiguous failure).</summary>
    private async Task<WriteAttempt> AttemptWriteAsync(Func<CancellationToken, Task> write, string location, CancellationToken ct)
    {
        Exception failure;
        DynamoDbFailureKind kind;
        try
        {
            await write(ct).ConfigureAwait(false);
            return new(location, null, null);
        }
        catch (ConditionalCheckFailedException)
        {
            // Either another writer moved the item, or an earlier attempt of ours landed without us hearing.
            return new(await LandedAsync(location, ct).ConfigureAwait(false) ? location : null, null, null);
        }
        catch (ResourceNotFoundException error)
        {
            throw client.MissingTable(error);
        }
        catch (Exception error) when ((kind = DynamoDbFailure.Classify(error, ct)) != DynamoDbFailureKind.Permanent)
        {
            failure = error;
        }

        if (kind == DynamoDbFailureKind.Ambiguous)
        {
            DynamoDbCatalogLog.AmbiguousCommit(logger, Identifier, DynamoDbFailure.Describe(failure));
            var resolved = await ResolveAsync(location, failure, ct).ConfigureAwait(false);
            if (resolved.Landed is { } landed)
            {
                DynamoDbCatalogLog.AmbiguousCommitLanded(logger, Identifier, landed);
                return new(landed, null, null);
            }

            if (resolved.Lost)
            {
                return new(null, null, null);
            }
        }

        // Not applied (throttled, or read back unchanged): the same conditional write is safe to resend.
        return new(null, kind, failure);
    }

    private async Task<bool> LandedAsync(string location, CancellationToken ct) =>
        (await ResolveAsync(location, null, ct).ConfigureAwait(false)).Landed is not null;

    /// <summary>
    /// Reads the item back. Landed: it points at our file, or at a later file whose metadata-log lists ours (others
    /// committed on top). Lost: it points elsewhere and ours is not in the history. Neither: unchanged, not applied.
    /// </summary>
    private async Task<(string? Landed, bool Lost)> ResolveAsync(string location, Exception? failure, CancellationToken ct)
    {
        Dictionary<string, AttributeValue>? item;
        try
        {
            item = await GetItemAsync(ct).ConfigureAwait(false);
        }
        catch (CatalogUnavailableException unreachable) when (failure is not null)
        {
            throw new CommitStateUnknownException(
                $"commit of {Identifier} to {location} may or may not have landed ({DynamoDbFailure.Describe(failure)}), " +
                $"and reading it back failed: {unreachable.Message}", unreachable);
        }

        var current = DynamoDbCatalogItems.MetadataLocation(item);
        if (current == location)
        {
            return (location, false);
        }

        if (current is null)
        {
            return (null, failure is null); // no item: after an ambiguous create, simply not applied
        }

        var properties = item is null ? [] : DynamoDbCatalogItems.Properties(item);
        if (properties.GetValueOrDefault(DynamoDbCatalogItems.PreviousMetadataLocationProperty) == location)
        {
            return (current, false);
        }

        if (MetadataFileNames.Version(current) > MetadataFileNames.Version(location))
        {
            var metadata = await ReadMetadataAsync(current, ct).ConfigureAwait(false);
            if (metadata.MetadataLog.Any(e => e.MetadataFile == location))
            {
                return (current, false);
            }
        }

        // The version we conditioned on is gone only if something else was committed; otherwise it is unchanged.
        return failure is null || MetadataFileNames.Version(current) >= MetadataFileNames.Version(location) ? (null, true) : (null, false);
    }

    /// <summary>
    /// One attempt of a conditional write: the location committed with our change (Landed), or null when another
    /// writer's change won; or, when it was not applied and may be resent, the failure and its kind.
    /// </summary>
    private sealed record WriteAttempt(string? Landed, DynamoDbFailureKind? Kind, Exception? Failure);
}
