namespace Kickstarter.Connectors.Iceberg.Catalog;

/// <summary>
/// Thrown when a catalog service cannot be used: unreachable, throttling past the retry budget, a missing catalog
/// table, or answers that break the catalog's protocol. The message names the setting or table to look at.
/// </summary>
public sealed class CatalogUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
