namespace Kickstarter.Connectors.Iceberg.Catalog;

/// <summary>
/// Thrown when a commit request may or may not have been applied and reading the table back could not tell
/// (the catalog stayed unreachable). The commit is NOT retried: a caller reloads the table later and checks for its
/// snapshot (see <c>SnapshotProducer.CommitUnlessAsync</c>) before committing again.
/// </summary>
public sealed class CommitStateUnknownException(string message, Exception? inner = null) : Exception(message, inner);
