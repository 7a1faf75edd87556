using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kickstarter.Grains.Sinks;

/// <summary>Source-generated JSON of the staging manifest.</summary>
[JsonSerializable(typeof(StagingManifest))]
[JsonSourceGenerationOptions(WriteIndented = false)]
internal sealed partial class StagingJson : JsonSerializerContext
{
    public static byte[] Serialize(StagingManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Default.StagingManifest);

    public static StagingManifest Deserialize(byte[] json) =>
        JsonSerializer.Deserialize(json, Default.StagingManifest) ?? throw new InvalidDataException("Empty staging manifest.");
}
