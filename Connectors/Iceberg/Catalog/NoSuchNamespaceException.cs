namespace Kickstarter.Connectors.Iceberg.Catalog;

/// <summary>Thrown when a namespace does not exist.</summary>
public sealed class NoSuchNamespaceException(string message) : Exception(message);
