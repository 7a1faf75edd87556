namespace Kickstarter.Connectors.Iceberg.Catalog;

/// <summary>Thrown when a commit lost a race (another writer committed the same version) and retries ran out.</summary>
public sealed class CommitFailedException(string message, Exception? inner = null) : Exception(message, inner);
