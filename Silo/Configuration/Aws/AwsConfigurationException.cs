namespace Kickstarter.Silo.Configuration.Aws;

/// <summary>
/// A secret or parameter could not be read or understood. The message names the secret id or parameter path and the
/// cause; it never carries a value read from AWS.
/// </summary>
public sealed class AwsConfigurationException(string message) : Exception(message);
