using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kickstarter.Connectors.Iceberg.Catalog.Rest;

/// <summary>
/// AWS Signature Version 4 for HTTP requests (header form), as AWS documents it: canonical request, string to sign,
/// derived signing key, Authorization header. Written here rather than taken from AWSSDK.Core, whose signer works on
/// the SDK's internal request type only; checked against AWS's published test suite (get-vanilla, post-vanilla).
/// </summary>
/// <remarks>
/// Paths are encoded twice (each segment of the path as sent, percent signs included, is encoded again), as for
/// every AWS service but S3; query parameters are decoded, re-encoded with RFC 3986 unreserved characters kept, and
/// sorted by name then value; header names are lower-cased and sorted, values trimmed with inner runs of spaces
/// collapsed.
/// </remarks>
internal static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>SHA-256 of an empty payload, hex.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The x-amz-date value of a time: yyyyMMdd'T'HHmmss'Z' in UTC.</summary>
    public static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string Sha256Hex(ReadOnlySpan<byte> payload) => Convert.ToHexStringLower(SHA256.HashData(payload));

    /// <summary>
    /// The Authorization header value for a request whose headers to sign (host and x-amz-date included) are given.
    /// </summary>
    public static string Authorization(
        string method, Uri uri, IReadOnlyDictionary<string, string> signedHeaders, string payloadHash,
        string accessKey, string secretKey, string region, string service, DateTimeOffset time)
    {
        var amzDate = AmzDate(time);
        var day = amzDate[..8];
        var scope = $"{day}/{region}/{service}/aws4_request";
        var headers = signedHeaders.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value, StringComparer.Ordinal);
        var names = string.Join(';', headers.Keys.Order(StringComparer.Ordinal));
        var canonical = CanonicalRequest(method, uri, headers, payloadHash);
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonical))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), day);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Convert.ToHexStringLower(Hmac(key, stringToSign));
        return $"{Algorithm} Credential={accessKey}/{scope}, SignedHeaders={names}, Signature={signature}";
    }

    public static string CanonicalRequest(string method, Uri uri, IReadOnlyDictionary<string, string> headers, string payloadHash)
    {
        var builder = new StringBuilder();
        builder.Append(method.ToUpperInvariant()).Append('\n');
        builder.Append(CanonicalPath(uri.AbsolutePath)).Append('\n');
        builder.Append(CanonicalQuery(uri.Query)).Append('\n');
        foreach (var (name, value) in headers.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            builder.Append(name).Append(':').Append(CollapseSpaces(value.Trim())).Append('\n');
        }

        builder.Append('\n');
        builder.Append(string.Join(';', headers.Keys.Order(StringComparer.Ordinal))).Append('\n');
        builder.Append(payloadHash);
        return builder.ToString();
    }

    private static string CanonicalPath(string escapedPath)
    {
        if (escapedPath.Length == 0)
        {
            return "/";
        }

        return string.Join('/', escapedPath.Split('/').Select(Encode));
    }

    private static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return "";
        }

        var pairs = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(parameter =>
        {
            var eq = parameter.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? parameter : parameter[..eq];
            var value = eq < 0 ? "" : parameter[(eq + 1)..];
            return (Name: Encode(Uri.UnescapeDataString(name)), Value: Encode(Uri.UnescapeDataString(value)));
        });
        return string.Join('&', pairs.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>RFC 3986 encoding: unreserved characters stay, everything else is %XX of its UTF-8 bytes.</summary>
    private static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var utf8Byte in Encoding.UTF8.GetBytes(value))
        {
            var character = (char)utf8Byte;
            if (char.IsAsciiLetterOrDigit(character) || character is '-' or '_' or '.' or '~')
            {
                builder.Append(character);
            }
            else
            {
                builder.Append('%').Append(utf8Byte.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var character in value)
        {
            if (character == ' ')
            {
                if (!space)
                {
                    builder.Append(character);
                }

                space = true;
            }
            else
            {
                builder.Append(character);
                space = false;
            }
        }

        return builder.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
