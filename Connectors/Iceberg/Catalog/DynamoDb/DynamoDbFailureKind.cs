namespace Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;

/// <summary>What a failed DynamoDB request tells about whether it took effect.</summary>
internal enum DynamoDbFailureKind
{
    /// <summary>Rejected before any effect (throttling): safe to resend after a pause.</summary>
    Throttled,

    /// <summary>5xx, timeout or broken connection: the request may have been applied; a write must be read back.</summary>
    Ambiguous,

    /// <summary>A definite answer that retrying will not change (validation, missing table, access denied).</summary>
    Permanent,
}
