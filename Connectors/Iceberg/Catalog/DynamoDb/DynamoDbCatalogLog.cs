using Microsoft.Extensions.Logging;

namespace Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;

/// <summary>Source-generated log messages of the DynamoDB catalog (event ids 4100-4119).</summary>
internal static partial class DynamoDbCatalogLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning,
        Message = "DynamoDB catalog table '{CatalogTable}': {Operation} failed ({Kind}, attempt {Attempt} of {MaxAttempts}); " +
            "retrying in {DelayMs} ms: {Error}")]
    public static partial void Retrying(ILogger logger, string catalogTable, string operation, DynamoDbFailureKind kind, int attempt,
        int maxAttempts, double delayMs, string error);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Commit of {Table} got an ambiguous answer ({Error}); reading the item back before any retry")]
    public static partial void AmbiguousCommit(ILogger logger, TableIdentifier table, string error);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information,
        Message = "Commit of {Table} had landed although the request reported an error; metadata {MetadataLocation}")]
    public static partial void AmbiguousCommitLanded(ILogger logger, TableIdentifier table, string metadataLocation);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Created the DynamoDB catalog table '{CatalogTable}'")]
    public static partial void CreatedCatalogTable(ILogger logger, string catalogTable);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug,
        Message = "Commit of {Table} lost a race: the item points at {Current}, expected {Expected}")]
    public static partial void LostRace(ILogger logger, TableIdentifier table, string? current, string? expected);
}
