using System.Net.Http.Headers;
using System.Text.Json;
using Amazon.S3.Model;
using Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;

namespace Kickstarter.IntegrationTests.Silo;

/// <summary>
/// The Silo executable with <c>Iceberg:Catalog:Type=Rest</c>: both jobs run against the REST catalog stand-in (which
/// checks every request and response body against the Iceberg REST specification's shapes and authenticates with
/// OAuth2 client credentials), tables and staging files on s3rver. Afterwards the tables are found the way another
/// engine finds them (loadTable over plain HTTP, objects with the raw S3 client) and hold every input row once.
/// </summary>
public sealed class RestCatalogProcessTests : IAsyncLifetime
{
    private const string Bucket = "restwh";
    private readonly TemporaryDirectory _workDir = TemporaryDirectory.Create("kickstarter-rest-");
    private S3rverServer _s3 = null!;
    private RestCatalogServer _catalog = null!;

    public async Task InitializeAsync()
    {
        _s3 = await S3rverServer.StartAsync();
        using (var client = S3IcebergReader.NewS3Client(_s3))
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
        }

        // The catalog writes its metadata files into the same bucket with the raw SDK client, as a real one would.
        _catalog = await RestCatalogServer.StartAsync(ServerAuth.OAuth2, $"s3://{Bucket}/tables", (location, json) =>
        {
            using var client = S3IcebergReader.NewS3Client(_s3);
            client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Bucket,
                Key = location[$"s3://{Bucket}/".Length..],
                ContentBody = json,
                ContentType = "application/json",
            }).GetAwaiter().GetResult();
        });
    }

    public async Task DisposeAsync()
    {
        await _catalog.DisposeAsync();
        await _s3.DisposeAsync();
        await _workDir.DisposeAsync();
    }

    [Fact]
    public async Task BoundedRunWritesEveryInputRowOnceThroughTheRestCatalogToTablesOnS3()
    {
        await using var kafka = await StandaloneKafka.StartAsync(partitions: 4);
        await using var silo = SiloProcess.Start(_workDir.Path, FreePort.Next(),
        [
            $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}", "--Orleans:AdvertisedIPAddress=127.0.0.1",
            "--duration", "20s", "--Generator:Seed=17", "--Generator:RatePerSecond=20", "--Committer:CommitInterval=00:00:02",
            "--Kafka:Partitions=4", .. kafka.SiloSwitches, .. CloudSwitches.S3Warehouse($"s3://{Bucket}/wh", _s3.ServiceUrl),
            "--Iceberg:Catalog:Type=Rest", $"--Iceberg:Catalog:Rest:Uri={_catalog.Uri}", "--Iceberg:Catalog:Rest:Auth=OAuth2",
            $"--Iceberg:Catalog:Rest:ClientId={RestCatalogServer.ClientId}", $"--Iceberg:Catalog:Rest:ClientSecret={RestCatalogServer.ClientSecret}",
        ]);
        Assert.Equal(0, await silo.WaitForExitAsync(TimeSpan.FromMinutes(3)));

        // Every body the silo sent and every answer it got kept to the specification; both jobs committed through it.
        Assert.Empty(_catalog.Violations);
        Assert.Contains(200, _catalog.CommitStatuses);
        var tablesPath = $"/catalog/v1/{RestCatalogServer.Prefix}/namespaces/apache_kickstarter%1Fairlines/tables";
        Assert.Contains($"POST {tablesPath}/flight", _catalog.Requests);
        Assert.Contains($"POST {tablesPath}/flyer_stats", _catalog.Requests);
        Assert.DoesNotContain(RestCatalogServer.ClientSecret, silo.Output, StringComparison.Ordinal);

        // Staging went to the warehouse, tables to where the catalog put them; nothing to local disk.
        Assert.False(Directory.Exists(Path.Combine(_workDir.Path, "warehouse")), "the tables went to the local default warehouse");
        var locations = await MetadataLocationsAsync();
        Assert.All(locations.Values, location => Assert.StartsWith($"s3://{Bucket}/tables/apache_kickstarter/airlines/", location));
        var iceberg = await S3IcebergReader.DownloadAsync(_s3, Bucket, "tables", locations, Path.Combine(_workDir.Path, "download"));
        CloudWarehouseProcessTests.AssertTablesMatchInput(iceberg, kafka);
    }

    /// <summary>Each table's current metadata location, from loadTable over plain HTTP with a token of its own.</summary>
    private async Task<Dictionary<string, string>> MetadataLocationsAsync()
    {
        using var http = new HttpClient();
        using var tokenResponse = await http.PostAsync($"{_catalog.Uri}/v1/oauth/tokens", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = RestCatalogServer.ClientId,
            ["client_secret"] = RestCatalogServer.ClientSecret,
        }));
        tokenResponse.EnsureSuccessStatusCode();
        using var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync());
        var accessToken = token.RootElement.GetProperty("access_token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

        var locations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in new[] { Tables.SunsetAirline, Tables.SkyOneAirline, Tables.Flight, Tables.FlyerStats })
        {
            var tables = $"{_catalog.Uri}/v1/{RestCatalogServer.Prefix}/namespaces/apache_kickstarter%1Fairlines/tables";
            var body = await http.GetStringAsync($"{tables}/{table}");
            using var loaded = JsonDocument.Parse(body);
            locations[table] = loaded.RootElement.GetProperty("metadata-location").GetString()!;
        }

        return locations;
    }
}
