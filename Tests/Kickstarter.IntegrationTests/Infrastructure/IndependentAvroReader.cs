using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text.Json;
using Avro;
using Avro.Generic;
using Avro.IO;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// Reads Confluent-framed Avro values without Confluent.SchemaRegistry.Serdes: checks the magic byte, fetches the
/// writer's schema by id over plain HTTP (<c>GET /schemas/ids/{id}</c>) and decodes the rest with Apache.Avro's
/// <see cref="GenericDatumReader{T}"/>, which must consume every byte.
/// </summary>
public sealed class IndependentAvroReader(string registryUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(registryUrl.TrimEnd('/') + "/") };
    private readonly ConcurrentDictionary<int, Schema> _schemas = new();

    /// <summary>Schema ids seen so far, with their schemas.</summary>
    public IReadOnlyDictionary<int, Schema> Schemas => _schemas;

    public GenericRecord Read(byte[] value)
    {
        Assert.True(value.Length > 5, $"value of {value.Length} bytes is too short for the Confluent wire format");
        Assert.Equal(0, value[0]);
        var id = BinaryPrimitives.ReadInt32BigEndian(value.AsSpan(1, 4));
        var schema = _schemas.GetOrAdd(id, Fetch);
        using var stream = new MemoryStream(value, 5, value.Length - 5);
        var record = new GenericDatumReader<GenericRecord>(schema, schema).Read(null!, new BinaryDecoder(stream));
        Assert.Equal(stream.Length, stream.Position);
        return record;
    }

    private Schema Fetch(int id)
    {
        var body = _http.GetStringAsync($"schemas/ids/{id}").GetAwaiter().GetResult();
        return Schema.Parse(JsonDocument.Parse(body).RootElement.GetProperty("schema").GetString()!);
    }

    public void Dispose() => _http.Dispose();
}
