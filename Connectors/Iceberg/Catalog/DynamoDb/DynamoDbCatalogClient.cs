using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Kickstarter.Connectors.Iceberg.Options;
using Kickstarter.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;

/// <summary>
/// The AWS client of the DynamoDB catalog with bounded retries. The SDK's own retries are off (MaxErrorRetry = 0)
/// so that this class alone decides: throttling and network failures of reads are retried with backoff up to
/// <see cref="DynamoDbCatalogOptions.MaxRetries"/>, by a Polly retry pipeline built like every connector's
/// (<see cref="RetryPipelines"/>); a write that may have landed is never resent blindly (the table operations read it
/// back first). Failures past the budget become one <see cref="CatalogUnavailableException"/> naming the setting to
/// look at, the attempts and the last error.
/// </summary>
internal sealed class DynamoDbCatalogClient : IDisposable
{
    // Which request is being retried, for the log: one pipeline serves every request.
    internal static readonly ResiliencePropertyKey<string> OperationKey = new("iceberg.dynamodb.operation");
    private readonly DynamoDbCatalogOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _ensureLock = new(1, 1);
    private readonly ResiliencePipeline _pipeline;
    private volatile bool _ensured;

    public DynamoDbCatalogClient(DynamoDbCatalogOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _pipeline = RetryPipelines.Create($"iceberg-dynamodb-{options.TableName}", Schedule,
            (error, ct) => DynamoDbFailure.Classify(error, ct) != DynamoDbFailureKind.Permanent,
            (error, context, notice) => LogRetry(
                context.Properties.GetValue(OperationKey, ""), DynamoDbFailure.Classify(error, context.CancellationToken), error, notice));
        var config = new AmazonDynamoDBConfig { MaxErrorRetry = 0, Timeout = options.RequestTimeout };
        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        options.ConfigureClient?.Invoke(config);
        Dynamo = string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonDynamoDBClient(config)
            : new AmazonDynamoDBClient(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    public IAmazonDynamoDB Dynamo { get; }

    public string TableName => _options.TableName;

    /// <summary>Runs a read (or an idempotent write), retrying throttling, 5xx and network failures within the budget.</summary>
    public async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        await EnsureTableAsync(ct).ConfigureAwait(false);
        return await RunUncheckedAsync(operation, call, ct).ConfigureAwait(false);
    }

    public async Task<T> RunUncheckedAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(operation, ct);
        context.Properties.Set(OperationKey, operation);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (context, call) => await call(context.CancellationToken).ConfigureAwait(false),
                context, call).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException error)
        {
            throw MissingTable(error);
        }
        catch (Exception error) when (DynamoDbFailure.Classify(error, ct) != DynamoDbFailureKind.Permanent)
        {
            // The pipeline lets a throttled or ambiguous failure through only when the retries are spent.
            throw GaveUp(operation, DynamoDbFailure.Classify(error, ct), error);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The budget of every request of this client: Iceberg:Catalog:DynamoDb:MaxRetries and RetryBaseDelay.</summary>
    public RetrySchedule Schedule => new(_options.MaxRetries, _options.RetryBaseDelay, RetrySchedule.DefaultMaxDelay);

    /// <summary>Logs one retry (event 4100).</summary>
    public void LogRetry(string operation, DynamoDbFailureKind kind, Exception error, RetryNotice notice) =>
        DynamoDbCatalogLog.Retrying(_logger, TableName, operation, kind, notice.Attempt, notice.MaxAttempts, notice.DelayMs,
            DynamoDbFailure.Describe(error));

    /// <summary>The retries are spent: one error naming the setting to look at, the attempts and the last error.</summary>
    public CatalogUnavailableException GaveUp(string operation, DynamoDbFailureKind kind, Exception error)
    {
        var why = kind == DynamoDbFailureKind.Throttled
            ? "was throttled past the retry budget"
            : $"did not answer at {Endpoint} (setting Iceberg:Catalog:DynamoDb:{(_options.ServiceUrl is null ? "Region" : "ServiceUrl")})";
        return new CatalogUnavailableException(
            $"DynamoDB catalog table '{TableName}' {why}: " +
            Schedule.GaveUp(operation, "Iceberg:Catalog:DynamoDb:MaxRetries", DynamoDbFailure.Describe(error)), error);
    }

    public CatalogUnavailableException MissingTable(Exception error) => new(
        $"DynamoDB catalog table '{TableName}' does not exist at {Endpoint} (setting Iceberg:Catalog:DynamoDb:TableName; " +
        $"Iceberg:Catalog:DynamoDb:CreateTableIfNotExists={_options.CreateTableIfNotExists})", error);

    private string Endpoint => _options.ServiceUrl ?? $"AWS region {_options.Region}";

    /// <summary>Checks (and, when allowed, creates) the catalog table once per client.</summary>
    public async Task EnsureTableAsync(CancellationToken ct)
    {
        if (_ensured)
        {
            return;
        }

        await _ensureLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_ensured)
            {
                return;
            }

            try
            {
                await RunUncheckedAsync("DescribeTable", c => Dynamo.DescribeTableAsync(TableName, c), ct).ConfigureAwait(false);
            }
            catch (CatalogUnavailableException missing) when (
                missing.InnerException is ResourceNotFoundException && _options.CreateTableIfNotExists)
            {
                await CreateTableAsync(ct).ConfigureAwait(false);
            }

            _ensured = true;
        }
        finally
        {
            _ensureLock.Release();
        }
    }

    private async Task CreateTableAsync(CancellationToken ct)
    {
        var request = new CreateTableRequest
        {
            TableName = TableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema =
            [
                new KeySchemaElement(DynamoDbCatalogItems.Identifier, KeyType.HASH),
                new KeySchemaElement(DynamoDbCatalogItems.Namespace, KeyType.RANGE),
            ],
            AttributeDefinitions =
            [
                new AttributeDefinition(DynamoDbCatalogItems.Identifier, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbCatalogItems.Namespace, ScalarAttributeType.S),
            ],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = DynamoDbCatalogItems.NamespaceIndex,
                    KeySchema =
                    [
                        new KeySchemaElement(DynamoDbCatalogItems.Namespace, KeyType.HASH),
                        new KeySchemaElement(DynamoDbCatalogItems.Identifier, KeyType.RANGE),
                    ],
                    Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                },
            ],
        };
        try
        {
            await RunUncheckedAsync("CreateTable", c => Dynamo.CreateTableAsync(request, c), ct).ConfigureAwait(false);
            DynamoDbCatalogLog.CreatedCatalogTable(_logger, TableName);
        }
        catch (ResourceInUseException)
        {
            // Another process created it first: fine, wait for it like for ours.
        }

        // On AWS a new table takes seconds to become ACTIVE; the catalog cannot write before. A polling loop, not a retry
        // pipeline: nothing failed (each DescribeTable has its own retries above), the table is expected to take a while,
        // and a retry pipeline would log every "still CREATING" as a failure to retry.
        for (var attempt = 0; ; attempt++)
        {
            var description = await RunUncheckedAsync("DescribeTable", c => Dynamo.DescribeTableAsync(TableName, c), ct)
                .ConfigureAwait(false);
            if (description.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            if (attempt >= 120)
            {
                throw new CatalogUnavailableException(
                    $"DynamoDB catalog table '{TableName}' did not become ACTIVE within a minute (status {description.Table.TableStatus})");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        Dynamo.Dispose();
        _ensureLock.Dispose();
    }
}
