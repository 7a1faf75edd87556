namespace Kickstarter.Silo.Configuration;

/// <summary>The Schema Registry of Avro topics (section <c>SchemaRegistry</c>).</summary>
public sealed class SchemaRegistryOptions
{
    public const string Section = "SchemaRegistry";

    /// <summary>
    /// Registry URL; default: empty, which starts the embedded registry beside the embedded Kafka cluster (with a real
    /// cluster and an Avro topic it is required).
    /// </summary>
    public string Url { get; set; } = "";

    /// <summary><c>KEY:SECRET</c> for basic authentication, a secret (filled from AWS); default: none.</summary>
    public string BasicAuthUserInfo { get; set; } = "";

    /// <summary>
    /// Register schemas a subject lacks; default: true for the embedded registry, false for a real one (schemas there
    /// are registered on purpose, e.g. by Terraform).
    /// </summary>
    public bool? AutoRegisterSchemas { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"SchemaRegistry(Url={Url}, BasicAuthUserInfo=***)";
}
