using Confluent.SchemaRegistry;
using Kickstarter.Connectors.Kafka.SchemaRegistry;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Serialization;

namespace Kickstarter.UnitTests.Avro;

/// <summary>
/// A Schema Registry key rotated while the serdes run: the next registry request carries the new key, with the same
/// serdes (no restart), and a registry that no longer accepts the old key refuses a client that kept it.
/// </summary>
public sealed class RegistryKeyRotationTests : IAsyncLifetime
{
    private static readonly Flight Sample = new("A@email.com", "2026-05-01 10:00:00", "ATL", "2026-05-01 12:30:00", "SEA", "SUN12", "SUNQ", "Sunset");

    private EmbeddedSchemaRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await EmbeddedSchemaRegistry.StartAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public void ARotatedKeyIsUsedFromTheNextRequestOnAndTheOldOneIsRefused()
    {
        _registry.RequireBasicAuth("key-1:secret-1");
        var current = "key-1:secret-1";
        using var rotating = new PipelineSerdes(Options("key-1:secret-1"), () => current);
        using var keptOldKey = new PipelineSerdes(Options("key-1:secret-1"));

        // Both reach the registry with key 1 (each registers the schema of its first topic).
        rotating.Serialize("before.rotation", AvroRecords.Flight, Sample);
        keptOldKey.Serialize("kept.before", AvroRecords.Flight, Sample);
        Assert.Equal(0, _registry.Unauthorized);

        // The key is rotated at the registry and in the configuration the serdes read.
        _registry.RequireBasicAuth("key-2:secret-2");
        current = "key-2:secret-2";

        // A new subject means a new registry request: the rotating serdes send key 2 and get in ...
        var bytes = rotating.Serialize("after.rotation", AvroRecords.Flight, Sample);
        var decoded = rotating.Deserialize("after.rotation", AvroRecords.Flight, bytes);
        Assert.Null(decoded.Error);
        Assert.Equal(Sample, decoded.Value);

        // ... while serdes that kept key 1 are refused, so the registry really checks the key.
        var refused = Assert.ThrowsAny<SchemaRegistryException>(() => keptOldKey.Serialize("kept.after", AvroRecords.Flight, Sample));
        Assert.Equal(401, refused.ErrorCode);
        Assert.Equal(1, _registry.Unauthorized);
    }

    private SerdesOptions Options(string userInfo) => new()
    {
        SchemaRegistryUrl = _registry.Url,
        SchemaRegistryBasicAuthUserInfo = userInfo,
        AutoRegisterSchemas = true,
    };
}
