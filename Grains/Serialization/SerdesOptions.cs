using Microsoft.Extensions.Configuration;

namespace Kickstarter.Grains.Serialization;

/// <summary>
/// Record formats and the Schema Registry (<c>Kafka:Format</c>, <c>Kafka:TopicFormats:&lt;topic&gt;</c>,
/// <c>SchemaRegistry:*</c>).
/// </summary>
public sealed class SerdesOptions
{
    /// <summary>The setting that holds the Schema Registry key, read again at each registry request.</summary>
    public const string UserInfoSetting = "SchemaRegistry:BasicAuthUserInfo";

    /// <summary>Format of every topic without an override (<c>Kafka:Format</c>); default: Avro.</summary>
    public RecordFormat Format { get; set; } = RecordFormat.Avro;

    /// <summary>Per-topic formats (<c>Kafka:TopicFormats:airline.flight=Json</c>); default: none.</summary>
    public Dictionary<string, RecordFormat> TopicFormats { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Schema Registry URL (<c>SchemaRegistry:Url</c>); required when a topic is Avro; default: none.</summary>
    public string SchemaRegistryUrl { get; set; } = "";

    /// <summary>Schema Registry <c>KEY:SECRET</c> (<c>SchemaRegistry:BasicAuthUserInfo</c>), a secret; default: none.</summary>
    public string SchemaRegistryBasicAuthUserInfo { get; set; } = "";

    /// <summary>
    /// Register the writer's schema when its subject lacks it (<c>SchemaRegistry:AutoRegisterSchemas</c>); default: false
    /// (the Silo turns it on for its embedded registry). Against a real registry schemas are registered on purpose.
    /// </summary>
    public bool AutoRegisterSchemas { get; set; }

    /// <summary>True when the default or some topic is Avro.</summary>
    public bool AnyAvro => Format == RecordFormat.Avro || TopicFormats.Values.Any(format => format == RecordFormat.Avro);

    /// <summary>The format of <paramref name="topic"/>.</summary>
    public RecordFormat FormatOf(string topic) => TopicFormats.TryGetValue(topic, out var format) ? format : Format;

    /// <summary>Why these options cannot work, naming the setting, or null.</summary>
    public string? Problem() => AnyAvro && string.IsNullOrWhiteSpace(SchemaRegistryUrl)
        ? "SchemaRegistry:Url is required when Kafka:Format or a Kafka:TopicFormats entry is Avro (was empty)."
        : null;

    /// <summary>The options as the configuration sets them; a value that is not a format names its setting.</summary>
    public static SerdesOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new SerdesOptions
        {
            Format = ParseFormat("Kafka:Format", configuration["Kafka:Format"]) ?? RecordFormat.Avro,
            SchemaRegistryUrl = configuration["SchemaRegistry:Url"] ?? "",
            SchemaRegistryBasicAuthUserInfo = configuration[UserInfoSetting] ?? "",
            AutoRegisterSchemas = configuration.GetValue<bool?>("SchemaRegistry:AutoRegisterSchemas") ?? false,
        };
        foreach (var entry in configuration.GetSection("Kafka:TopicFormats").GetChildren())
        {
            options.TopicFormats[entry.Key] = ParseFormat(entry.Path, entry.Value) ?? options.Format;
        }

        return options;
    }

    private static RecordFormat? ParseFormat(string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Enum.TryParse<RecordFormat>(value, ignoreCase: true, out var format) && Enum.IsDefined(format)
            ? format
            : throw new FormatException($"{setting} must be Avro or Json (was '{value}').");
    }
}
