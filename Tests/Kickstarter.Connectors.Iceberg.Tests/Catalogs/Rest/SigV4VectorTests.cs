using Kickstarter.Connectors.Iceberg.Catalog.Rest;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest;

/// <summary>
/// Vectors of AWS's published SigV4 test suite (credentials AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY,
/// region us-east-1, service "service", 2015-08-30T12:36:00Z, host example.amazonaws.com). Both the client's signer
/// and the test server's independent verifier must reproduce them.
/// </summary>
public sealed class SigV4VectorTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset Time = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("GET", "/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")] // get-vanilla
    [InlineData("POST", "/", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")] // post-vanilla
    [InlineData("GET", "/?Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")] // get-vanilla-query-order-key-case
    public void ClientSignerReproducesThePublishedSignature(string method, string target, string signature)
    {
        var headers = new Dictionary<string, string> { ["host"] = "example.amazonaws.com", ["x-amz-date"] = "20150830T123600Z" };
        var authorization = SigV4Signer.Authorization(method, new Uri("https://example.amazonaws.com" + target), headers, SigV4Signer.EmptyPayloadHash,
            AccessKey, SecretKey, "us-east-1", "service", Time);
        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, " +
            $"Signature={signature}", authorization);
    }

    [Theory]
    [InlineData("GET", "/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("POST", "/", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")]
    [InlineData("GET", "/?Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")]
    public void ServerVerifierReproducesThePublishedSignature(string method, string target, string signature)
    {
        var headers = new List<(string, string)> { ("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z") };
        var authorization = SigV4Verifier.ExpectedAuthorization(method, target, headers, [], AccessKey, SecretKey, "us-east-1", "service", "host;x-amz-date");
        Assert.EndsWith($"Signature={signature}", authorization);
    }
}
