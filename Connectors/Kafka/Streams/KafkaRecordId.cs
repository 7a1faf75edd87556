using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// The upstream identity of a record, carried in the <see cref="HeaderName"/> header as
/// <c>{producer}/{epoch}/{sequence}</c> (producer: no '/', epoch and sequence: decimal longs). Within one
/// topic-partition a producer's ids grow with (epoch, sequence), so a reader drops any record at or below the highest
/// id it has seen from that producer: a redone transaction repeats its ids.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct KafkaRecordId(
    [property: Id(0)] string Producer,
    [property: Id(1)] long Epoch,
    [property: Id(2)] long Sequence)
{
    /// <summary>Name of the Kafka header that carries the id.</summary>
    public const string HeaderName = "kickstarter-id";

    /// <summary>The header text, <c>{producer}/{epoch}/{sequence}</c>.</summary>
    public string Format()
    {
        if (string.IsNullOrEmpty(Producer) || Producer.Contains('/', StringComparison.Ordinal))
        {
            throw new FormatException($"A record id producer must be non-empty and contain no '/': '{Producer}'.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Producer}/{Epoch}/{Sequence}");
    }

    /// <summary>The header value as UTF-8 bytes.</summary>
    public byte[] ToHeaderValue() => Encoding.UTF8.GetBytes(Format());

    /// <summary>Parses <c>{producer}/{epoch}/{sequence}</c>; false on anything else.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out KafkaRecordId? id)
    {
        id = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var lastSlash = text.LastIndexOf('/');
        var middleSlash = lastSlash > 0 ? text.LastIndexOf('/', lastSlash - 1) : -1;
        if (middleSlash <= 0 || text.IndexOf('/') != middleSlash)
        {
            return false;
        }

        var span = text.AsSpan();
        if (!long.TryParse(span[(middleSlash + 1)..lastSlash], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var epoch)
            || !long.TryParse(span[(lastSlash + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        id = new KafkaRecordId(text[..middleSlash], epoch, sequence);
        return true;
    }

    /// <summary>Parses a UTF-8 header value; false on anything malformed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> headerValue, [NotNullWhen(true)] out KafkaRecordId? id)
    {
        try
        {
            return TryParse(new UTF8Encoding(false, true).GetString(headerValue), out id);
        }
        catch (DecoderFallbackException)
        {
            id = null;
            return false;
        }
    }

    /// <summary>Parses <c>{producer}/{epoch}/{sequence}</c> or throws <see cref="FormatException"/>.</summary>
    public static KafkaRecordId Parse(string text)
        => TryParse(text, out var id) ? id.Value
            : throw new FormatException($"'{text}' is not a record id of the form producer/epoch/sequence.");

    /// <summary>The position of this id within its producer's stream.</summary>
    public UpstreamPosition Position => new(Epoch, Sequence);
}
