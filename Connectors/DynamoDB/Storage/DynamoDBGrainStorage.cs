using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Kickstarter.Connectors.DynamoDB;

/// <summary>
/// Orleans grain storage on one DynamoDB table: one item per grain state (see <see cref="GrainStateItem"/>),
/// optimistic concurrency through conditional writes on a random ETag, Brotli above a size threshold, and a clear
/// refusal (<see cref="GrainStateTooLargeException"/>) of states that do not fit into one 400 KB item.
/// </summary>
internal sealed class DynamoDBGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private const string ETagAlias = ":expectedETag";
    private const string ETagName = "#etag";

    private readonly string _name;
    private readonly DynamoDBStorageOptions _options;
    private readonly string _serviceId;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger _logger;
    private readonly DynamoDBRetryPolicy _retry;
    private IAmazonDynamoDB? _client;

    public DynamoDBGrainStorage(
        string name,
        DynamoDBStorageOptions options,
        IOptions<ClusterOptions> clusterOptions,
        IActivatorProvider activatorProvider,
        ILogger<DynamoDBGrainStorage> logger)
    {
        _name = name;
        _options = options;
        _serviceId = clusterOptions.Value.ServiceId;
        _activatorProvider = activatorProvider;
        _logger = logger;
        _retry = new DynamoDBRetryPolicy(name, options.TableName, options.MaxRetries, options.RetryBaseDelay, logger);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<DynamoDBGrainStorage>(_name), _options.InitStage, InitializeAsync, CloseAsync);

    /// <summary>Builds the client and checks or creates the table; the silo calls it at
    /// <see cref="DynamoDBStorageOptions.InitStage"/>.</summary>
    internal async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        DynamoDBGrainStorageLog.Initializing(
            _logger, _name, _options.TableName, _options.ServiceUrl ?? "AWS", _options.Region, _options.CreateIfNotExists);
        var client = DynamoDBClientFactory.Create(_options);
        try
        {
            await new DynamoDBTableInitializer(client, _options, _name, _retry, _logger).EnsureTableAsync(cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            DynamoDBGrainStorageLog.InitializationFailed(_logger, error, _name, _options.TableName);
            client.Dispose();
            throw new DynamoDBStorageUnavailableException(_name, _options.TableName, _options.ServiceUrl ?? "AWS", _options.Region, error);
        }

        _client = client;
        DynamoDBGrainStorageLog.Initialized(_logger, _name, _options.TableName, stopwatch.ElapsedMilliseconds);
    }

    private Task CloseAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _client, null)?.Dispose();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => new(CloseAsync(CancellationToken.None));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var client = Client();
        var key = PartitionKeyOf(stateName, grainId);
        var response = await Run("GetItem", stateName, grainId, ct => client.GetItemAsync(
            new GetItemRequest { TableName = _options.TableName, Key = GrainStateItem.Key(key), ConsistentRead = true }, ct),
            cancellationToken).ConfigureAwait(false);

        if (response.Item is not { Count: > 0 } item)
        {
            grainState.State = CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var (eTag, stored) = GrainStateItem.Parse(item);
        grainState.ETag = eTag;
        if (stored is null)
        {
            grainState.State = CreateInstance<T>(); // tombstone of a cleared state: no record, but keep its ETag
            grainState.RecordExists = false;
            return;
        }

        grainState.State = Deserialize<T>(stored, stateName, grainId);
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var client = Client();
        var key = PartitionKeyOf(stateName, grainId);
        var grainType = grainId.Type.ToString()!;
        var encoded = StatePayloadCodec.Encode(
            _options.GrainStorageSerializer.Serialize(grainState.State).ToMemory(), _options.CompressionThresholdBytes);

        var itemBytes = GrainStateItem.EstimateSize(key, grainType, encoded.Bytes.Length, encoded.Codec);
        if (itemBytes > GrainStateItem.MaxItemBytes)
        {
            throw new GrainStateTooLargeException(
                grainId.ToString(), stateName, _name, itemBytes, encoded.RawSize, GrainStateItem.MaxItemBytes);
        }

        var newETag = GrainStateItem.NewETag();
        var request = new PutItemRequest
        {
            TableName = _options.TableName,
            Item = GrainStateItem.WithState(key, grainType, newETag, encoded),
        };
        ExpectCurrentETag(request, grainState.ETag);

        await RunConditional("PutItem", stateName, grainId, grainState.ETag, newETag,
            ct => client.PutItemAsync(request, ct), cancellationToken).ConfigureAwait(false);
        DynamoDBGrainStorageLog.StateWritten(_logger, _name, stateName, grainId, encoded.RawSize, encoded.Bytes.Length, encoded.Codec);
        grainState.ETag = newETag;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var client = Client();
        var key = PartitionKeyOf(stateName, grainId);
        string? newETag = null;

        if (_options.DeleteStateOnClear)
        {
            var request = new DeleteItemRequest { TableName = _options.TableName, Key = GrainStateItem.Key(key) };
            ExpectCurrentETag(request, grainState.ETag);
            await RunConditional("DeleteItem", stateName, grainId, grainState.ETag, writtenETag: null,
                ct => client.DeleteItemAsync(request, ct), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            newETag = GrainStateItem.NewETag();
            var request = new PutItemRequest
            {
                TableName = _options.TableName,
                Item = GrainStateItem.Tombstone(key, grainId.Type.ToString()!, newETag),
            };
            ExpectCurrentETag(request, grainState.ETag);
            await RunConditional("PutItem (tombstone)", stateName, grainId, grainState.ETag, newETag,
                ct => client.PutItemAsync(request, ct), cancellationToken).ConfigureAwait(false);
        }

        grainState.State = CreateInstance<T>();
        grainState.ETag = newETag;
        grainState.RecordExists = false;
    }

    /// <summary>No ETag: the item must not exist yet. An ETag: the stored item must still carry it.</summary>
    private static void ExpectCurrentETag(AmazonDynamoDBRequest request, string? expectedETag)
    {
        string condition;
        Dictionary<string, AttributeValue>? values = null;
        var names = new Dictionary<string, string>();
        if (string.IsNullOrEmpty(expectedETag))
        {
            condition = $"attribute_not_exists({GrainStateItem.PartitionKey})";
        }
        else
        {
            condition = $"{ETagName} = {ETagAlias}";
            names[ETagName] = GrainStateItem.ETag;
            values = new() { [ETagAlias] = new AttributeValue { S = expectedETag } };
        }

        switch (request)
        {
            case PutItemRequest put:
                put.ConditionExpression = condition;
                put.ExpressionAttributeNames = names.Count > 0 ? names : null;
                put.ExpressionAttributeValues = values;
                break;
            case DeleteItemRequest delete:
                delete.ConditionExpression = condition;
                delete.ExpressionAttributeNames = names.Count > 0 ? names : null;
                delete.ExpressionAttributeValues = values;
                break;
        }
    }

    /// <remarks>
    /// A retried conditional write is ambiguous: an earlier attempt that timed out or got a 5xx may have landed, and
    /// then the retry's condition fails against our own write. So a condition failure after such an attempt reads the
    /// item back: carrying the ETag this write set (<paramref name="writtenETag"/>; for a delete, gone), it is our own
    /// write and succeeded. Anything else is a real conflict.
    /// </remarks>
    private async Task RunConditional<TResponse>(string operation, string stateName, GrainId grainId, string? expectedETag,
        string? writtenETag, Func<CancellationToken, Task<TResponse>> call, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            await Run(operation, stateName, grainId, ct =>
            {
                attempts++;
                return call(ct);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            if (attempts > 1 && await StoredETagAsync(stateName, grainId, cancellationToken).ConfigureAwait(false) is var stored
                && (writtenETag is null ? !stored.Exists : stored.ETag == writtenETag))
            {
                DynamoDBGrainStorageLog.OwnWriteRecognised(_logger, _name, operation, stateName, grainId, attempts);
                return;
            }

            DynamoDBGrainStorageLog.ETagConflict(_logger, _name, operation, stateName, grainId, expectedETag);
            throw new InconsistentStateException(
                $"ETag conflict on {operation} of state '{stateName}' for grain {grainId} in the DynamoDB grain storage '{_name}': " +
                (string.IsNullOrEmpty(expectedETag) ? "expected no stored state, but one exists"
                    : "the stored state has changed since it was read"),
                storedEtag: "unknown", currentEtag: expectedETag ?? "none");
            // No inner exception: grain calls carry this exception to other silos and clients, and Orleans has no codec
            // for the AWS SDK's exception types (the call would fail with CodecNotFoundException instead). The log
            // entry above keeps the AWS details.
        }
    }

    /// <summary>Whether the item exists and the ETag it carries, read consistently.</summary>
    private async Task<(bool Exists, string? ETag)> StoredETagAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        var client = Client();
        var response = await Run("GetItem", stateName, grainId, ct => client.GetItemAsync(new GetItemRequest
        {
            TableName = _options.TableName,
            Key = GrainStateItem.Key(PartitionKeyOf(stateName, grainId)),
            ConsistentRead = true,
            ProjectionExpression = ETagName,
            ExpressionAttributeNames = new() { [ETagName] = GrainStateItem.ETag },
        }, ct), cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item && item.TryGetValue(GrainStateItem.ETag, out var eTag) ? (true, eTag.S) : (false, null);
    }

    private async Task<TResponse> Run<TResponse>(string operation, string stateName, GrainId grainId,
        Func<CancellationToken, Task<TResponse>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.ExecuteAsync(operation, call, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not ConditionalCheckFailedException and not OperationCanceledException)
        {
            DynamoDBGrainStorageLog.OperationFailed(_logger, error, _name, operation, stateName, grainId);
            // What reaches the grain (and, through it, other silos and clients) must be serializable by Orleans: AWS SDK
            // exception objects are not, so they travel as text; the log entry above keeps them whole.
            if (error is DynamoDBGrainStorageException { InnerException: AmazonServiceException or AmazonClientException } ours)
            {
                throw new DynamoDBGrainStorageException($"{ours.Message} ({Describe(ours.InnerException!)})");
            }

            if (error is AmazonServiceException or AmazonClientException)
            {
                throw new DynamoDBGrainStorageException(
                    $"{operation} of state '{stateName}' for grain {grainId} in the DynamoDB grain storage '{_name}' failed: " +
                        $"{Describe(error)}");
            }

            throw;
        }
    }

    private static string Describe(Exception error) =>
        error is AmazonServiceException service && !string.IsNullOrEmpty(service.ErrorCode)
            ? $"{error.GetType().Name} {service.ErrorCode}: {error.Message}"
            : $"{error.GetType().Name}: {error.Message}";

    private T Deserialize<T>(EncodedState stored, string stateName, GrainId grainId)
    {
        try
        {
            return _options.GrainStorageSerializer.Deserialize<T>(StatePayloadCodec.Decode(stored)) ?? CreateInstance<T>();
        }
        catch (Exception error)
        {
            throw new DynamoDBGrainStorageException(
                $"State '{stateName}' of grain {grainId} in table '{_options.TableName}' could not be read back as {typeof(T).Name} " +
                $"({stored.Bytes.Length} bytes, codec '{stored.Codec}') by the DynamoDB grain storage '{_name}'.", error);
        }
    }

    private string PartitionKeyOf(string stateName, GrainId grainId)
    {
        var key = $"{_serviceId}/{stateName}/{grainId}";
        if (GrainStateItem.Utf8(key) > GrainStateItem.MaxPartitionKeyBytes)
        {
            throw new DynamoDBGrainStorageException(
                $"The key of state '{stateName}' for grain {grainId} is longer than DynamoDB's " +
                $"{GrainStateItem.MaxPartitionKeyBytes}-byte partition key limit (DynamoDB grain storage '{_name}'). " +
                "Use shorter grain keys or state names.");
        }

        return key;
    }

    private IAmazonDynamoDB Client() =>
        _client ?? throw new InvalidOperationException(
            $"The DynamoDB grain storage '{_name}' is not initialized yet (it starts at lifecycle stage {_options.InitStage}).");

    private T CreateInstance<T>() => _activatorProvider.GetActivator<T>().Create();
}
