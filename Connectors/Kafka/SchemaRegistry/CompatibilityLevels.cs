namespace Kickstarter.Connectors.Kafka.SchemaRegistry;

/// <summary>The compatibility levels a subject (or the registry) can have; BACKWARD is the registry's default.</summary>
internal static class CompatibilityLevels
{
    public const string Backward = "BACKWARD";

    public static readonly string[] All =
        ["NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE"];

    public static bool IsValid(string? level) => level is not null && All.Contains(level, StringComparer.Ordinal);
}
