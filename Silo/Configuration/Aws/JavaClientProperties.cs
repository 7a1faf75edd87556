using System.Text.RegularExpressions;

namespace Kickstarter.Silo.Configuration.Aws;

/// <summary>
/// Translates the Flink original's Java client properties into librdkafka's and Kickstarter's configuration keys
/// (the table is in Silo/Configuration/Aws/README.md).
/// </summary>
/// <remarks>
/// Properties both clients share go to <c>Kafka:Properties:*</c> (every client); properties of one role only, or
/// with different values per role, go to <c>Kafka:ConsumerProperties:*</c> or <c>Kafka:ProducerProperties:*</c>.
/// </remarks>
public static partial class JavaClientProperties
{
    public const string BootstrapServersKey = "Kafka:BootstrapServers";
    public const string PropertiesPrefix = "Kafka:Properties:";
    public const string ConsumerPropertiesPrefix = "Kafka:ConsumerProperties:";
    public const string ProducerPropertiesPrefix = "Kafka:ProducerProperties:";
    public const string SchemaRegistryUrlKey = "SchemaRegistry:Url";
    public const string SchemaRegistryUserInfoKey = "SchemaRegistry:BasicAuthUserInfo";

    // Java-only properties: they name Java classes, or have no librdkafka counterpart.
    private static readonly Dictionary<string, string> JavaOnly = new(StringComparer.Ordinal)
    {
        ["key.serializer"] = "a Java class; Kickstarter's producers serialize themselves",
        ["value.serializer"] = "a Java class; Kickstarter's producers serialize themselves",
        ["key.deserializer"] = "a Java class; Kickstarter's consumers deserialize themselves",
        ["value.deserializer"] = "a Java class; Kickstarter's consumers deserialize themselves",
        ["buffer.memory"] = "Java producer only (librdkafka bounds its queue with queue.buffering.max.kbytes)",
        ["basic.auth.credentials.source"] = "USER_INFO is implied by SchemaRegistry:BasicAuthUserInfo",
        ["schema.registry.basic.auth.credentials.source"] = "USER_INFO is implied by SchemaRegistry:BasicAuthUserInfo",
    };

    // Consumer properties the pipeline owns: offsets come from its epochs, never from Kafka's auto-commit.
    private static readonly Dictionary<string, string> PipelineOwned = new(StringComparer.Ordinal)
    {
        ["enable.auto.commit"] = "the pipeline owns offsets (epoch checkpoints), never Kafka auto-commit",
        ["auto.commit.interval.ms"] = "the pipeline owns offsets (epoch checkpoints), never Kafka auto-commit",
        ["auto.offset.reset"] = "the pipeline owns the start position; falling off the log is an error, never a silent jump",
    };

    /// <summary>Translates the two secrets and the two parameter hierarchies; throws naming the secret when one is unusable.</summary>
    public static TranslatedSettings Translate(
        IReadOnlyDictionary<string, string> kafkaSecret,
        IReadOnlyDictionary<string, string> schemaRegistrySecret,
        IReadOnlyDictionary<string, string> consumer,
        IReadOnlyDictionary<string, string> producer,
        AwsConfigurationOptions options)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var notes = new List<string>();
        TranslateKafkaSecret(kafkaSecret, $"secret '{options.KafkaSecretId}'", data, notes);
        TranslateSchemaRegistrySecret(schemaRegistrySecret, $"secret '{options.SchemaRegistrySecretId}'", data, notes);

        var consumerKept = Clients(consumer, "consumer", options.ConsumerParametersPath, notes);
        var producerKept = Clients(producer, "producer", options.ProducerParametersPath, notes);
        foreach (var (key, value) in consumerKept)
        {
            var shared = producerKept.TryGetValue(key, out var producerValue) && producerValue == value;
            data[(shared ? PropertiesPrefix : ConsumerPropertiesPrefix) + key] = value;
        }

        foreach (var (key, value) in producerKept)
        {
            if (!data.ContainsKey(PropertiesPrefix + key))
            {
                data[ProducerPropertiesPrefix + key] = value;
            }
        }

        return new TranslatedSettings(data, notes);
    }

    /// <summary>Username and password of a PLAIN or SCRAM JAAS line; null when it is some other login module.</summary>
    public static (string Username, string Password)? ParseJaas(string jaas)
    {
        var match = JaasPattern().Match(jaas);
        if (!match.Success)
        {
            return null;
        }

        string? username = null;
        string? password = null;
        foreach (Match option in JaasOption().Matches(match.Groups["options"].Value))
        {
            var value = option.Groups["single"].Success ? option.Groups["single"].Value : option.Groups["double"].Value;
            switch (option.Groups["key"].Value)
            {
                case "username":
                    username = value;
                    break;
                case "password":
                    password = value;
                    break;
            }
        }

        return username is null || password is null ? null : (username, password);
    }

    private static void TranslateKafkaSecret(
        IReadOnlyDictionary<string, string> secret, string source, Dictionary<string, string?> data, List<string> notes)
    {
        if (!secret.TryGetValue("bootstrap.servers", out var bootstrap) || string.IsNullOrWhiteSpace(bootstrap))
        {
            throw new AwsConfigurationException($"The {source} has no 'bootstrap.servers'.");
        }

        // Confluent Cloud reports its endpoint as SASL_SSL://host:9092; the Terraform strips the scheme, we do too.
        data[BootstrapServersKey] = string.Join(
            ',', bootstrap.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(server => server.Contains("://", StringComparison.Ordinal)
                ? server[(server.IndexOf("://", StringComparison.Ordinal) + 3)..] : server));

        foreach (var (key, value) in secret)
        {
            switch (key)
            {
                case "bootstrap.servers":
                    break;
                case "sasl.jaas.config":
                    var credentials = ParseJaas(value)
                        ?? throw new AwsConfigurationException(
                            $"The {source} has a 'sasl.jaas.config' that is not a PlainLoginModule or ScramLoginModule line with " +
                                "username and password.");
                    data[PropertiesPrefix + "sasl.username"] = credentials.Username;
                    data[PropertiesPrefix + "sasl.password"] = credentials.Password;
                    notes.Add($"{source}: 'sasl.jaas.config' became sasl.username and sasl.password");
                    break;
                case "sasl.username" or "sasl.password":
                    data[PropertiesPrefix + key] = value; // the python_client form of the same secret
                    break;
                default:
                    if (Drop(key, source, notes))
                    {
                        break;
                    }

                    data[PropertiesPrefix + key] = value;
                    break;
            }
        }
    }

    private static void TranslateSchemaRegistrySecret(IReadOnlyDictionary<string, string> secret, string source,
        Dictionary<string, string?> data, List<string> notes)
    {
        foreach (var (key, value) in secret)
        {
            switch (key)
            {
                case "schema.registry.url":
                    data[SchemaRegistryUrlKey] = value;
                    break;
                case "schema.registry.basic.auth.user.info" or "basic.auth.user.info":
                    data[SchemaRegistryUserInfoKey] = value;
                    break;
                default:
                    if (!Drop(key, source, notes))
                    {
                        notes.Add($"{source}: '{key}' dropped (not a Schema Registry client setting Kickstarter knows)");
                    }

                    break;
            }
        }

        if (!data.ContainsKey(SchemaRegistryUrlKey))
        {
            throw new AwsConfigurationException($"The {source} has no 'schema.registry.url'.");
        }
    }

    private static Dictionary<string, string> Clients(
        IReadOnlyDictionary<string, string> properties, string role, string path, List<string> notes)
    {
        var source = $"{role} parameters '{path}'";
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in properties)
        {
            if (Drop(key, source, notes))
            {
                continue;
            }

            if (role == "consumer" && PipelineOwned.TryGetValue(key, out var reason))
            {
                notes.Add($"{source}: '{key}' dropped ({reason})");
                continue;
            }

            if (role == "consumer" && key == "request.timeout.ms")
            {
                notes.Add($"{source}: 'request.timeout.ms' dropped (librdkafka's is the producer's ack timeout; consumers have none)");
                continue;
            }

            if (key == "max.request.size")
            {
                kept["message.max.bytes"] = value;
                notes.Add($"{source}: 'max.request.size' became message.max.bytes");
                continue;
            }

            kept[key] = value;
        }

        return kept;
    }

    private static bool Drop(string key, string source, List<string> notes)
    {
        if (JavaOnly.TryGetValue(key, out var reason))
        {
            notes.Add($"{source}: '{key}' dropped ({reason})");
            return true;
        }

        if (key.EndsWith(".class", StringComparison.Ordinal) || key.EndsWith(".classes", StringComparison.Ordinal))
        {
            notes.Add($"{source}: '{key}' dropped (a Java class)");
            return true;
        }

        return false;
    }

    [GeneratedRegex(
        @"^\s*org\.apache\.kafka\.common\.security\.(?:plain\.PlainLoginModule|scram\.ScramLoginModule)\s+required\s+(?<options>.*?);?\s*$",
        RegexOptions.Singleline)]
    private static partial Regex JaasPattern();

    [GeneratedRegex(@"(?<key>\w+)\s*=\s*(?:'(?<single>[^']*)'|""(?<double>[^""]*)"")")]
    private static partial Regex JaasOption();
}
