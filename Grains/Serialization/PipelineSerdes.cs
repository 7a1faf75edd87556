using System.Collections.Concurrent;
using System.Text.Json;
using Avro;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Kickstarter.Connectors.Kafka.SchemaRegistry;

namespace Kickstarter.Grains.Serialization;

/// <summary>
/// Record values on the wire, per topic: Avro (the default) or JSON, as <see cref="SerdesOptions"/> say. Avro goes
/// through Confluent.SchemaRegistry.Serdes.Avro: the Confluent wire format, the subject <c>&lt;topic&gt;-value</c>
/// (TopicNameStrategy), schemas registered automatically only when <see cref="SerdesOptions.AutoRegisterSchemas"/> is set.
/// </summary>
/// <remarks>
/// Wire format of an Avro value: byte 0 is the magic byte 0; bytes 1-4 the schema id, big-endian; the rest the Avro
/// binary encoding of the record with that (writer's) schema. Decoding fetches the writer's schema by id (cached after
/// the first record of each id) and then checks that it resolves against the reader's schema, the repository's
/// <c>.avsc</c>. Every failure (wrong magic byte, unknown schema id, truncated payload, a schema that does not resolve)
/// comes back as a <see cref="DecodeResult{T}.Error"/>, never as an exception: the record is dead-lettered.
/// The serdes are asynchronous; they reach the registry once per schema (then cache it), and are waited for
/// synchronously here, on the thread pool when called from an Orleans scheduler.
/// </remarks>
public sealed class PipelineSerdes : IDisposable
{
    private readonly SerdesOptions _options;
    private readonly CachedSchemaRegistryClient? _registry;
    private readonly AvroSerializer<GenericRecord>? _serializer;
    private readonly AvroDeserializer<GenericRecord>? _deserializer;
    private readonly ConcurrentDictionary<(Avro.Schema Reader, Avro.Schema Writer), string?> _resolutions = new();

    /// <summary>Serdes for <paramref name="options"/>; a registry client is made only when some topic is Avro.</summary>
    public PipelineSerdes(SerdesOptions options)
        : this(options, currentUserInfo: null)
    {
    }

    /// <summary>
    /// Serdes for <paramref name="options"/> whose registry requests carry the key <paramref name="currentUserInfo"/>
    /// returns at that moment (<c>KEY:SECRET</c>, empty for none), so a rotated key needs no restart; without it, the
    /// key in the options.
    /// </summary>
    public PipelineSerdes(SerdesOptions options, Func<string>? currentUserInfo)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        if (!options.AnyAvro)
        {
            return;
        }

        var fixedUserInfo = options.SchemaRegistryBasicAuthUserInfo;
        var authentication = new RegistryAuthentication(currentUserInfo ?? (() => fixedUserInfo));
        _registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = options.SchemaRegistryUrl }, authentication);
        _serializer = new AvroSerializer<GenericRecord>(_registry, new AvroSerializerConfig
        {
            AutoRegisterSchemas = options.AutoRegisterSchemas,
            SubjectNameStrategy = SubjectNameStrategy.Topic,
        });
        _deserializer = new AvroDeserializer<GenericRecord>(_registry);
    }

    /// <summary>Everything as JSON, no registry (tests and tools that read JSON).</summary>
    public static PipelineSerdes Json { get; } = new(new SerdesOptions { Format = RecordFormat.Json });

    /// <summary>The format of <paramref name="topic"/>.</summary>
    public RecordFormat FormatOf(string topic) => _options.FormatOf(topic);

    /// <summary>The value bytes of <paramref name="value"/> on <paramref name="topic"/>.</summary>
    /// <exception cref="InvalidOperationException">
    /// The topic's subject lacks the schema and <see cref="SerdesOptions.AutoRegisterSchemas"/> is off (the message names
    /// the subject and the setting; the registry's answer is the inner exception).
    /// </exception>
    public byte[] Serialize<T>(string topic, RecordCodec<T> codec, T value)
        where T : class
    {
        if (FormatOf(topic) == RecordFormat.Json)
        {
            return codec.ToJson(value);
        }

        var context = new SerializationContext(MessageComponentType.Value, topic);
        var record = codec.ToAvro(value);
        try
        {
            return RunSynchronously(() => _serializer!.SerializeAsync(record, context));
        }
        catch (SchemaRegistryException ex) when (!_options.AutoRegisterSchemas && ex.ErrorCode is 40401 or 40403)
        {
            // The registry's own answer ("Subject '...' not found.") does not say why nothing registered it or what to do.
            // No URL in the message: a registry URL may carry credentials.
            throw new InvalidOperationException(
                $"Subject '{topic}-value' has no schema {codec.Schema.Fullname} in the Schema Registry (registry error {ex.ErrorCode}) "
                + "and SchemaRegistry:AutoRegisterSchemas is off (the default against a registry given by SchemaRegistry:Url): "
                + $"register Grains/Serialization/Avro/{codec.Schema.Name}.avsc under that subject, "
                + "or set SchemaRegistry:AutoRegisterSchemas=true.", ex);
        }
    }

    /// <summary>The value in <paramref name="bytes"/> read from <paramref name="topic"/>, or why it is not one.</summary>
    public DecodeResult<T> Deserialize<T>(string topic, RecordCodec<T> codec, ReadOnlyMemory<byte> bytes)
        where T : class
    {
        if (FormatOf(topic) == RecordFormat.Json)
        {
            try
            {
                return codec.FromJson(bytes) is { } value ? new(value, null) : new(null, "JSON null is not a record");
            }
            catch (JsonException ex)
            {
                return new(null, $"not JSON of the record: {ex.Message}");
            }
        }

        if (bytes.Length < 5 || bytes.Span[0] != 0)
        {
            // Checked here as well as by the deserializer, so the reason is the same whichever check fires first.
            return new(null, bytes.Length == 0
                ? "empty value: not in the Confluent Avro wire format"
                : $"magic byte {bytes.Span[0]} is not 0 (Confluent Avro wire format), or the value is shorter than 5 bytes");
        }

        GenericRecord record;
        try
        {
            var context = new SerializationContext(MessageComponentType.Value, topic);
            record = RunSynchronously(() => _deserializer!.DeserializeAsync(bytes, isNull: false, context));
        }
        catch (SchemaRegistryException ex)
        {
            var id = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.Span[1..5]);
            return new(null, $"schema id {id}: {ex.Message} (registry error {ex.ErrorCode})");
        }
        catch (Exception ex) when (ex is AvroException or InvalidDataException or EndOfStreamException
            or ArgumentException or IndexOutOfRangeException or InvalidCastException or OverflowException)
        {
            return new(null, $"not an Avro record of its writer's schema (truncated or corrupt): {ex.GetType().Name}: {ex.Message}");
        }

        var writer = record.Schema;
        var problem = _resolutions.GetOrAdd((codec.Schema, writer), key => AvroCompatibility.Resolve(key.Reader, key.Writer, ""));
        if (problem is not null)
        {
            return new(null, $"writer's schema {writer.Fullname} does not resolve against the reader's {codec.Schema.Fullname}: {problem}");
        }

        try
        {
            return new(codec.FromAvro(record), null);
        }
        catch (AvroException ex)
        {
            return new(null, $"record does not match the reader's schema {codec.Schema.Fullname}: {ex.Message}");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _registry?.Dispose();

    /// <summary>
    /// Waits for an async serde call. On an Orleans activation's (or system target's) scheduler the serdes' awaits
    /// would queue their continuations behind the very thread that waits, a deadlock (seen as a committer that never
    /// answered): there the call runs on the thread pool instead. Elsewhere it runs inline.
    /// </summary>
    private static T RunSynchronously<T>(Func<Task<T>> call) =>
        TaskScheduler.Current == TaskScheduler.Default
            ? call().GetAwaiter().GetResult()
            : Task.Run(call).GetAwaiter().GetResult();
}
