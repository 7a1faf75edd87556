namespace Kickstarter.Connectors.Kafka.SchemaRegistry;

/// <summary>
/// An error the registry answers with: an HTTP status and the body <c>{"error_code": N, "message": "..."}</c>, with the
/// error codes of Confluent's Schema Registry API reference (40401 subject not found, 40402 version not found, 40403
/// schema not found, 40408 no subject-level compatibility, 409 incompatible schema, 42201 invalid schema, 42202 invalid
/// version, 42203 invalid compatibility level).
/// </summary>
internal sealed class SchemaRegistryError(int status, int errorCode, string message) : Exception(message)
{
    public int Status { get; } = status;

    public int ErrorCode { get; } = errorCode;

    public static SchemaRegistryError SubjectNotFound(string subject) => new(404, 40401, $"Subject '{subject}' not found.");

    public static SchemaRegistryError VersionNotFound(string subject, int version) =>
        new(404, 40402, $"Version {version} not found for subject '{subject}'.");

    public static SchemaRegistryError SchemaNotFound(string what) => new(404, 40403, $"Schema {what} not found.");

    public static SchemaRegistryError NoSubjectLevelConfig(string subject) =>
        new(404, 40408, $"Subject '{subject}' does not have subject-level compatibility configured.");

    public static SchemaRegistryError Incompatible(string reason) =>
        new(409, 409, $"Schema being registered is incompatible with an earlier schema for subject: {reason}");

    public static SchemaRegistryError InvalidSchema(string reason) => new(422, 42201, $"Invalid schema: {reason}");

    public static SchemaRegistryError InvalidVersion(string version) =>
        new(422, 42202, $"The specified version '{version}' is not a valid version id.");

    public static SchemaRegistryError InvalidCompatibilityLevel(string? level) =>
        new(422, 42203, $"Invalid compatibility level '{level}'. Valid values are: {string.Join(", ", CompatibilityLevels.All)}.");
}
