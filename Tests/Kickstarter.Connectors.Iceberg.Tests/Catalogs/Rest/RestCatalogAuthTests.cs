using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Options;
using Xunit;
using static Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest.RestClients;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest;

/// <summary>OAuth2 client credentials and AWS SigV4 against the test catalog, which checks tokens and recomputes signatures.</summary>
public sealed class RestCatalogAuthTests
{
    private static void OAuth2(RestCatalogOptions options)
    {
        options.Auth = RestCatalogAuthType.OAuth2;
        options.ClientId = RestCatalogServer.ClientId;
        options.ClientSecret = RestCatalogServer.ClientSecret;
    }

    [Fact]
    public async Task OAuth2TokenIsFetchedOnceSentAsBearerAndRefreshedWhenItExpires()
    {
        await using var server = await RestCatalogServer.StartAsync(ServerAuth.OAuth2);
        var now = DateTimeOffset.UtcNow;
        using var catalog = Client(server, OAuth2, new TableEnvironment { Clock = () => now });
        var table = await CreateFlightAsync(catalog);
        await AppendAsync(table, 0, 10, "a");

        Assert.Equal(1, catalog.TokensFetched);
        Assert.Single(server.BearerTokens.Distinct());
        Assert.Contains("POST /catalog/v1/oauth/tokens", server.Requests);

        now = now.AddHours(2); // past expires_in (3600 s): the client fetches a new token before its next request
        await catalog.LoadTableAsync(Flight, CancellationToken.None);
        Assert.Equal(2, catalog.TokensFetched);
        Assert.Equal(2, server.BearerTokens.Distinct().Count());
        Assert.Empty(server.Violations);
    }

    [Fact]
    public async Task RevokedTokenIsReplacedAfterA401()
    {
        await using var server = await RestCatalogServer.StartAsync(ServerAuth.OAuth2);
        using var catalog = Client(server, OAuth2);
        await CreateFlightAsync(catalog);
        server.RevokeTokens();

        var table = await catalog.LoadTableAsync(Flight, CancellationToken.None);

        Assert.Equal(Flight, table.Identifier);
        Assert.Equal(2, catalog.TokensFetched);
        Assert.Empty(server.Violations);
    }

    [Fact]
    public async Task WrongClientSecretGivesOneClearErrorWithoutTheSecret()
    {
        await using var server = await RestCatalogServer.StartAsync(ServerAuth.OAuth2);
        using var catalog = Client(server, options =>
        {
            OAuth2(options);
            options.ClientSecret = "not-the-right-secret";
        });

        var error = await Assert.ThrowsAsync<CatalogUnavailableException>(() => catalog.LoadTableAsync(Flight, CancellationToken.None));

        Assert.Contains("invalid_client", error.Message);
        Assert.Contains("Iceberg:Catalog:Rest:ClientId, ClientSecret", error.Message);
        Assert.DoesNotContain("not-the-right-secret", error.ToString());
    }

    private static void SigV4(RestCatalogOptions options)
    {
        options.Auth = RestCatalogAuthType.SigV4;
        options.AccessKey = RestCatalogServer.AccessKey;
        options.SecretKey = RestCatalogServer.SecretKey;
        options.SigningRegion = RestCatalogServer.Region;
        options.SigningName = RestCatalogServer.SigningName;
    }

    [Fact]
    public async Task EverySigV4SignedRequestIsVerifiedByTheServer()
    {
        await using var server = await RestCatalogServer.StartAsync(ServerAuth.SigV4);
        using var catalog = Client(server, SigV4);
        var table = await CreateFlightAsync(catalog);
        await AppendAsync(table, 0, 10, "a");
        await catalog.ListTablesAsync(["kickstarter", "airlines"], CancellationToken.None);

        Assert.Equal(server.Requests.Count, server.VerifiedSignatures);
        Assert.True(server.VerifiedSignatures >= 6, $"only {server.VerifiedSignatures} requests were signed");
        Assert.Empty(server.Violations);
    }

    [Fact]
    public async Task WrongSigV4SecretIsRefusedWithOneClearError()
    {
        await using var server = await RestCatalogServer.StartAsync(ServerAuth.SigV4);
        using var catalog = Client(server, options =>
        {
            SigV4(options);
            options.SecretKey = "wrong/secret";
        });

        var error = await Assert.ThrowsAsync<CatalogUnavailableException>(() => catalog.LoadTableAsync(Flight, CancellationToken.None));

        Assert.Contains("signature mismatch", error.Message);
        Assert.Contains("Iceberg:Catalog:Rest:Auth", error.Message);
        Assert.DoesNotContain("wrong/secret", error.ToString());
    }
}
