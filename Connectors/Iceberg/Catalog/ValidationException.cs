namespace Kickstarter.Connectors.Iceberg.Catalog;

/// <summary>Thrown when a commit cannot be applied to the current table state (e.g. files to replace are gone).</summary>
public sealed class ValidationException(string message) : Exception(message);
