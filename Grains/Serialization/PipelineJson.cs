using System.Text.Json;
using System.Text.Json.Serialization;
using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Serialization;

/// <summary>
/// JSON of the three record types, with exactly the snake_case names of the Flink original. Source-generated, so the
/// hot path does no reflection.
/// </summary>
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(AirlineBooking))]
[JsonSerializable(typeof(Flight))]
[JsonSerializable(typeof(FlyerStats))]
public sealed partial class PipelineJson : JsonSerializerContext
{
    /// <summary>UTF-8 JSON of a booking.</summary>
    public static byte[] Serialize(AirlineBooking value) => JsonSerializer.SerializeToUtf8Bytes(value, Default.AirlineBooking);

    /// <summary>UTF-8 JSON of a flight.</summary>
    public static byte[] Serialize(Flight value) => JsonSerializer.SerializeToUtf8Bytes(value, Default.Flight);

    /// <summary>UTF-8 JSON of flyer stats.</summary>
    public static byte[] Serialize(FlyerStats value) => JsonSerializer.SerializeToUtf8Bytes(value, Default.FlyerStats);
}
