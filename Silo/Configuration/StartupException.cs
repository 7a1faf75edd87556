namespace Kickstarter.Silo.Configuration;

/// <summary>
/// Bad configuration found at start: the message names the setting, the rule and the value (never a secret's value).
/// The process prints it on one line and exits with code 2.
/// </summary>
public sealed class StartupException(string message) : Exception(message);
