using Microsoft.Extensions.Logging;

namespace Kickstarter.Connectors.Iceberg.Catalog.Rest;

/// <summary>Source-generated log messages of the REST catalog client (event ids 4120-4139).</summary>
internal static partial class RestCatalogLog
{
    [LoggerMessage(EventId = 4120, Level = LogLevel.Warning,
        Message = "REST catalog {Operation} failed ({Error}), attempt {Attempt} of {MaxAttempts}; retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string operation, string error, int attempt, int maxAttempts, double delayMs);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Warning,
        Message = "Commit of {Table} has an unknown outcome ({Error}); reloading the table to check before any retry")]
    public static partial void CommitStateUnknown(ILogger logger, TableIdentifier table, string error);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Information,
        Message = "Commit of {Table} had landed although the request reported {Error}")]
    public static partial void CommitLanded(ILogger logger, TableIdentifier table, string error);

    [LoggerMessage(EventId = 4123, Level = LogLevel.Information, Message = "Commit of {Table} had not landed ({Error}); sending it again")]
    public static partial void CommitNotLanded(ILogger logger, TableIdentifier table, string error);

    [LoggerMessage(EventId = 4124, Level = LogLevel.Debug, Message = "Commit of {Table} was refused by a requirement: {Message}")]
    public static partial void CommitConflict(ILogger logger, TableIdentifier table, string message);

    [LoggerMessage(EventId = 4125, Level = LogLevel.Debug, Message = "Fetched an OAuth2 token valid for {ExpiresInSeconds} s")]
    public static partial void TokenFetched(ILogger logger, double expiresInSeconds);
}
