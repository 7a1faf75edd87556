using Microsoft.Extensions.Logging;

namespace Kickstarter.Connectors.DynamoDB;

/// <summary>Source-generated log messages of the DynamoDB grain storage. Credentials are never a parameter.</summary>
internal static partial class DynamoDBGrainStorageLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "DynamoDB grain storage '{ProviderName}' initializing: table '{TableName}', endpoint {Endpoint}, region {Region}, " +
                  "create if missing {CreateIfNotExists}")]
    public static partial void Initializing(
        ILogger logger, string providerName, string tableName, string endpoint, string region, bool createIfNotExists);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "DynamoDB grain storage '{ProviderName}' created table '{TableName}' ({BillingMode})")]
    public static partial void TableCreated(ILogger logger, string providerName, string tableName, string billingMode);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "DynamoDB grain storage '{ProviderName}' ready on table '{TableName}' after {ElapsedMilliseconds} ms")]
    public static partial void Initialized(ILogger logger, string providerName, string tableName, long elapsedMilliseconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error,
        Message = "DynamoDB grain storage '{ProviderName}' failed to initialize table '{TableName}'")]
    public static partial void InitializationFailed(ILogger logger, Exception exception, string providerName, string tableName);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
        Message = "DynamoDB grain storage '{ProviderName}': {Operation} failed on attempt {Attempt} of {MaxAttempts}; " +
                  "retrying in {DelayMs} ms: {Error}")]
    public static partial void RetryingAfterTransientError(ILogger logger, string providerName, string operation, int attempt,
        int maxAttempts, double delayMs, string error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug,
        Message = "DynamoDB grain storage '{ProviderName}': ETag conflict on {Operation} of state '{StateName}' for grain {GrainId} " +
                  "(expected ETag {ExpectedETag})")]
    public static partial void ETagConflict(
        ILogger logger, string providerName, string operation, string stateName, GrainId grainId, string? expectedETag);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error,
        Message = "DynamoDB grain storage '{ProviderName}': {Operation} of state '{StateName}' for grain {GrainId} failed")]
    public static partial void OperationFailed(
        ILogger logger, Exception exception, string providerName, string operation, string stateName, GrainId grainId);

    [LoggerMessage(EventId = 8, Level = LogLevel.Trace,
        Message = "DynamoDB grain storage '{ProviderName}': wrote state '{StateName}' for grain {GrainId}: {RawSize} bytes serialized, " +
                  "{StoredSize} stored ({Codec})")]
    public static partial void StateWritten(
        ILogger logger, string providerName, string stateName, GrainId grainId, int rawSize, int storedSize, string codec);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning,
        Message = "DynamoDB grain storage '{Provider}': {Operation} of state '{StateName}' for grain {GrainId} reported a condition " +
                  "failure on attempt {Attempts}, but the stored item is its own earlier attempt's write, which had landed: done")]
    public static partial void OwnWriteRecognised(
        ILogger logger, string provider, string operation, string stateName, GrainId grainId, int attempts);
}
