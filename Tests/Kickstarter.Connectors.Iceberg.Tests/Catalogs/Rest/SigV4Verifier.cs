using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest;

/// <summary>
/// The test server's own SigV4 check, written separately from the client's signer (different code, same published
/// algorithm): it rebuilds the canonical request from what arrived on the wire (raw target, headers named in
/// SignedHeaders, body) and recomputes the signature. Trusted because it reproduces AWS's test-suite vectors.
/// </summary>
public static class SigV4Verifier
{
    /// <summary>The expected Authorization header for the request as received.</summary>
    public static string ExpectedAuthorization(
        string method, string rawTarget, IReadOnlyList<(string Name, string Value)> headers, byte[] body,
        string accessKey, string secretKey, string region, string service, string signedHeaderList)
    {
        var amzDate = headers.First(h => h.Name.Equals("x-amz-date", StringComparison.OrdinalIgnoreCase)).Value;
        var date = amzDate.Substring(0, 8);
        var signed = signedHeaderList.Split(';');
        var questionMark = rawTarget.IndexOf('?');
        var path = questionMark < 0 ? rawTarget : rawTarget.Substring(0, questionMark);
        var query = questionMark < 0 ? "" : rawTarget.Substring(questionMark + 1);

        var lines = new List<string>
        {
            method,
            string.Join("/", path.Split('/').Select(UriEncode)),
            CanonicalQuery(query),
        };
        foreach (var name in signed)
        {
            var values = headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => Normalize(h.Value));
            lines.Add(name + ":" + string.Join(",", values));
        }

        lines.Add("");
        lines.Add(signedHeaderList);
        lines.Add(Hex(SHA256.HashData(body)));
        var canonicalRequest = string.Join("\n", lines);

        var scope = date + "/" + region + "/" + service + "/aws4_request";
        var stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        var kDate = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
        var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
        var kSigning = HMACSHA256.HashData(kService, Encoding.UTF8.GetBytes("aws4_request"));
        var signature = Hex(HMACSHA256.HashData(kSigning, Encoding.UTF8.GetBytes(stringToSign)));
        return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signedHeaderList + ", Signature=" + signature;
    }

    private static string CanonicalQuery(string query)
    {
        if (query.Length == 0)
        {
            return "";
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in query.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=');
            var key = UriEncode(Uri.UnescapeDataString(eq < 0 ? part : part.Substring(0, eq)));
            var value = UriEncode(Uri.UnescapeDataString(eq < 0 ? "" : part.Substring(eq + 1)));
            pairs.Add(new KeyValuePair<string, string>(key, value));
        }

        pairs.Sort((a, b) => a.Key != b.Key ? string.CompareOrdinal(a.Key, b.Key) : string.CompareOrdinal(a.Value, b.Value));
        return string.Join("&", pairs.Select(p => p.Key + "=" + p.Value));
    }

    private static string UriEncode(string text)
    {
        const string unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
        var result = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (unreserved.Contains((char)b))
            {
                result.Append((char)b);
            }
            else
            {
                result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return result.ToString();
    }

    private static string Normalize(string value) => System.Text.RegularExpressions.Regex.Replace(value.Trim(), " +", " ");

    private static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
