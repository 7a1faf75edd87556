using Microsoft.Extensions.Configuration;

namespace Kickstarter.Silo.Configuration.Aws;

/// <summary>
/// Where the Confluent Cloud settings come from when a service account user is set (section <c>Aws</c>): the Secrets
/// Manager secrets and Parameter Store paths that the Flink original's Terraform writes for that user.
/// </summary>
public sealed class AwsConfigurationOptions
{
    public const string Section = "Aws";

    /// <summary>The environment variable the Flink original reads the user from.</summary>
    public const string ServiceAccountUserVariable = "SERVICE_ACCOUNT_USER";

    /// <summary>
    /// The service account user whose secrets and parameters configure Kafka and Schema Registry
    /// (<c>--service-account-user</c>, or the environment variable <c>SERVICE_ACCOUNT_USER</c>); default: empty, which
    /// reads nothing from AWS.
    /// </summary>
    public string? ServiceAccountUser { get; set; }

    /// <summary>AWS region; default: the SDK's own chain (<c>AWS_REGION</c>, profile, instance metadata).</summary>
    public string? Region { get; set; }

    /// <summary>
    /// Endpoint of an SSM-compatible service instead of AWS (tests point it at a loopback stand-in); signed for
    /// <see cref="Region"/> or us-east-1. default: null (AWS).
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Access key id, set together with <see cref="SecretKey"/>; default: null (the SDK's credential chain).</summary>
    [Redact]
    public string? AccessKey { get; set; }

    /// <summary>Secret access key paired with <see cref="AccessKey"/>; never logged. default: null.</summary>
    [Redact]
    public string? SecretKey { get; set; }

    /// <summary>
    /// How often the secrets and parameters are read again, so rotated API keys reach new Kafka clients without a
    /// restart; default: 01:00:00 (the original rotates keys every few days and keeps the previous key valid meanwhile).
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Secret name prefix, before <c>/&lt;user&gt;/kafka_cluster/java_client</c>; default: confluent_cloud_resource
    /// (no leading slash). Terraform that names its secrets with a leading slash needs <c>/confluent_cloud_resource</c>.
    /// </summary>
    public string SecretsPrefix { get; set; } = "confluent_cloud_resource";

    /// <summary>Parameter Store path prefix, before <c>/&lt;user&gt;/consumer_kafka_client</c>;
    /// default: /confluent_cloud_resource.</summary>
    public string ParametersPrefix { get; set; } = "/confluent_cloud_resource";

    /// <summary>Time allowed for one AWS request; default: 00:00:10.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>True when a service account user is set, so the settings come from AWS.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(ServiceAccountUser);

    /// <summary>Secret id of the Kafka cluster's Java client properties.</summary>
    public string KafkaSecretId => $"{SecretsPrefix.TrimEnd('/')}/{ServiceAccountUser}/kafka_cluster/java_client";

    /// <summary>Secret id of the Schema Registry's Java client properties.</summary>
    public string SchemaRegistrySecretId => $"{SecretsPrefix.TrimEnd('/')}/{ServiceAccountUser}/schema_registry_cluster/java_client";

    /// <summary>Parameter Store path of the consumer properties (one parameter per property).</summary>
    public string ConsumerParametersPath => $"{ParametersPrefix.TrimEnd('/')}/{ServiceAccountUser}/consumer_kafka_client";

    /// <summary>Parameter Store path of the producer properties (one parameter per property).</summary>
    public string ProducerParametersPath => $"{ParametersPrefix.TrimEnd('/')}/{ServiceAccountUser}/producer_kafka_client";

    /// <summary>Binds the <c>Aws</c> section, taking the user from <c>SERVICE_ACCOUNT_USER</c> when the section has none.</summary>
    public static AwsConfigurationOptions From(IConfiguration configuration)
    {
        AwsConfigurationOptions options;
        try
        {
            options = configuration.GetSection(Section).Get<AwsConfigurationOptions>() ?? new();
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the path ("Failed to convert configuration value at 'Aws:RefreshInterval'").
            throw new StartupException(ex.Message);
        }

        if (!options.IsEnabled && configuration[ServiceAccountUserVariable] is { Length: > 0 } user)
        {
            options.ServiceAccountUser = user;
        }

        options.ServiceAccountUser = options.ServiceAccountUser?.Trim();
        return options;
    }

    /// <summary>Every invalid setting, each naming the setting, the rule and the value (never a key's value).</summary>
    public IEnumerable<string> Problems()
    {
        if (ServiceAccountUser is { } user && (user.Contains('/') || user.Any(char.IsWhiteSpace)))
        {
            yield return $"Aws:ServiceAccountUser (--service-account-user) must be one path segment without '/' or spaces (was '{user}').";
        }

        if (RefreshInterval < TimeSpan.FromSeconds(1))
        {
            yield return $"Aws:RefreshInterval must be at least 00:00:01 (was {RefreshInterval}).";
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            yield return $"Aws:RequestTimeout must be positive (was {RequestTimeout}).";
        }

        if (ServiceUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            yield return $"Aws:ServiceUrl must be an absolute URL (was '{url}').";
        }

        if (string.IsNullOrEmpty(AccessKey) != string.IsNullOrEmpty(SecretKey))
        {
            yield return "Aws:AccessKey and Aws:SecretKey must be set together or both left empty.";
        }

        if (!ParametersPrefix.StartsWith('/'))
        {
            yield return $"Aws:ParametersPrefix must start with '/' as Parameter Store paths do (was '{ParametersPrefix}').";
        }
    }
}
