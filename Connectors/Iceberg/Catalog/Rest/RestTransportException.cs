namespace Kickstarter.Connectors.Iceberg.Catalog.Rest;

/// <summary>A request that got no HTTP answer (connection refused or dropped, timeout): it may or may not have been applied.</summary>
internal sealed class RestTransportException(string message, Exception inner) : Exception(message, inner);
