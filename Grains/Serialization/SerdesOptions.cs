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

    private readonly List<string> _unreadableSettings = [];

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

    /// <summary>
    /// Why these options cannot work, one message per setting naming it, the rule and the value: a format setting that
    /// is not a format (recorded by <see cref="FromConfiguration"/>), and a Schema Registry missing for Avro.
    /// </summary>
    public IEnumerable<string> Problems()
    {
        foreach (var unreadable in _unreadableSettings)
        {
            yield return unreadable;
        }

        if (AnyAvro && string.IsNullOrWhiteSpace(SchemaRegistryUrl))
        {
            yield return "SchemaRegistry:Url is required when Kafka:Format or a Kafka:TopicFormats entry is Avro (was empty).";
        }
    }

    /// <summary>
    /// The options as the configuration sets them; a value that is not a format keeps the default and is reported by
    /// <see cref="Problems"/>, naming its setting.
    /// </summary>
    public static SerdesOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new SerdesOptions();
        options.Format = options.ParseFormat("Kafka:Format", configuration["Kafka:Format"]) ?? RecordFormat.Avro;
        options.SchemaRegistryUrl = configuration["SchemaRegistry:Url"] ?? "";
        options.SchemaRegistryBasicAuthUserInfo = configuration[UserInfoSetting] ?? "";
        options.AutoRegisterSchemas = configuration.GetValue<bool?>("SchemaRegistry:AutoRegisterSchemas") ?? false;
        foreach (var entry in configuration.GetSection("Kafka:TopicFormats").GetChildren())
        {
            options.TopicFormats[entry.Key] = options.ParseFormat(entry.Path, entry.Value) ?? options.Format;
        }

        return options;
    }

    private RecordFormat? ParseFormat(string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (Enum.TryParse<RecordFormat>(value, ignoreCase: true, out var format) && Enum.IsDefined(format))
        {
            return format;
        }

        _unreadableSettings.Add($"{setting} must be Avro or Json (was '{value}').");
        return null;
    }
}
