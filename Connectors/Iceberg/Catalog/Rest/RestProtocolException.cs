namespace Kickstarter.Connectors.Iceberg.Catalog.Rest;

/// <summary>A response body the Iceberg REST specification does not allow; turned into a
/// <see cref="CatalogUnavailableException"/>.</summary>
internal sealed class RestProtocolException(string message) : Exception(message);
