using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2.Model;

namespace Kickstarter.Connectors.DynamoDB;

/// <summary>
/// Layout of the one DynamoDB item that holds a grain's state.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>PK (S, hash key)</term><description>"{serviceId}/{stateName}/{grainId}", grainId being
/// "{grainType}/{key}".</description></item>
/// <item><term>GrainType (S)</term><description>The grain type, for scans and diagnostics.</description></item>
/// <item><term>ETag (S)</term><description>A fresh 32-hex-digit id per write; conditions compare it for optimistic
/// concurrency.</description></item>
/// <item><term>Payload (B)</term><description>The serialized state, Brotli-compressed when <c>Codec</c> is "br"; absent on a
/// tombstone.</description></item>
/// <item><term>Codec (S)</term><description>"none" or "br"; absent on a tombstone.</description></item>
/// <item><term>RawSize (N)</term><description>Length of the serialized state before compression.</description></item>
/// </list>
/// A tombstone (a cleared state when DeleteStateOnClear is false) carries PK, GrainType and ETag only.
/// ETags are random rather than counters so that a stale writer cannot match a re-created item (no ABA).
/// </remarks>
internal static class GrainStateItem
{
    public const string PartitionKey = "PK";
    public const string GrainType = "GrainType";
    public const string ETag = "ETag";
    public const string Payload = "Payload";
    public const string Codec = "Codec";
    public const string RawSize = "RawSize";

    /// <summary>DynamoDB's item size limit: attribute names plus values, 400 KB.</summary>
    public const int MaxItemBytes = 400 * 1024;

    /// <summary>DynamoDB's limit on a partition key value.</summary>
    public const int MaxPartitionKeyBytes = 2048;

    // A number attribute is stored in at most 21 bytes.
    private const int MaxNumberBytes = 21;

    public static string NewETag() => Guid.NewGuid().ToString("N");

    public static Dictionary<string, AttributeValue> Key(string partitionKey) =>
        new() { [PartitionKey] = new AttributeValue { S = partitionKey } };

    public static Dictionary<string, AttributeValue> WithState(string partitionKey, string grainType, string eTag, EncodedState state) =>
        new()
        {
            [PartitionKey] = new AttributeValue { S = partitionKey },
            [GrainType] = new AttributeValue { S = grainType },
            [ETag] = new AttributeValue { S = eTag },
            [Payload] = new AttributeValue { B = new MemoryStream(state.Bytes, writable: false) },
            [Codec] = new AttributeValue { S = state.Codec },
            [RawSize] = new AttributeValue { N = state.RawSize.ToString(CultureInfo.InvariantCulture) },
        };

    public static Dictionary<string, AttributeValue> Tombstone(string partitionKey, string grainType, string eTag) =>
        new()
        {
            [PartitionKey] = new AttributeValue { S = partitionKey },
            [GrainType] = new AttributeValue { S = grainType },
            [ETag] = new AttributeValue { S = eTag },
        };

    /// <summary>Reads the stored state back; null payload means a tombstone.</summary>
    public static (string ETag, EncodedState? State) Parse(Dictionary<string, AttributeValue> item)
    {
        var eTag = item[ETag].S;
        if (!item.TryGetValue(Payload, out var payload) || payload.B is null)
        {
            return (eTag, null);
        }

        var codec = item.TryGetValue(Codec, out var codecValue) && codecValue.S is not null ? codecValue.S : StatePayloadCodec.None;
        var rawSize = item.TryGetValue(RawSize, out var rawSizeValue) && rawSizeValue.N is not null
            ? int.Parse(rawSizeValue.N, CultureInfo.InvariantCulture)
            : (int)payload.B.Length;
        return (eTag, new EncodedState(payload.B.ToArray(), codec, rawSize));
    }

    /// <summary>Upper estimate of the item's size as DynamoDB counts it (UTF-8 names and values).</summary>
    public static int EstimateSize(string partitionKey, string grainType, int payloadBytes, string codec) =>
        Utf8(PartitionKey) + Utf8(partitionKey)
        + Utf8(GrainType) + Utf8(grainType)
        + Utf8(ETag) + 32
        + Utf8(Payload) + payloadBytes
        + Utf8(Codec) + Utf8(codec)
        + Utf8(RawSize) + MaxNumberBytes;

    public static int Utf8(string value) => Encoding.UTF8.GetByteCount(value);
}
