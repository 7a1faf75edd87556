namespace Kickstarter.Connectors.Iceberg.Catalog;

/// <summary>Thrown when a table does not exist.</summary>
public sealed class NoSuchTableException(string message) : Exception(message);
