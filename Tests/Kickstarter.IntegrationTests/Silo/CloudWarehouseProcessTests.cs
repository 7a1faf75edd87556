using System.Globalization;
using Amazon.S3.Model;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Serialization;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;

namespace Kickstarter.IntegrationTests.Silo;

/// <summary>
/// The Silo executable with its tables in the cloud: the warehouse on an S3-protocol server (s3rver), the catalog in
/// DynamoDB (dynalite), read back by an independent reader and checked against the generated input (Avro on the
/// standalone embedded Kafka and its Schema Registry).
/// </summary>
public sealed class CloudWarehouseProcessTests : IAsyncLifetime
{
    private const string Bucket = "kickstarter";
    private const string Prefix = "wh";
    private const string CatalogTable = "kickstarter_iceberg";
    private readonly TemporaryDirectory _workDir = TemporaryDirectory.Create("kickstarter-cloud-");
    private S3rverServer _s3 = null!;
    private DynaliteServer _dynamo = null!;

    public async Task InitializeAsync()
    {
        _s3 = await S3rverServer.StartAsync();
        _dynamo = await DynaliteServer.StartAsync();
        using var client = S3IcebergReader.NewS3Client(_s3);
        await client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
    }

    public async Task DisposeAsync()
    {
        await _s3.DisposeAsync();
        await _dynamo.DisposeAsync();
        await _workDir.DisposeAsync();
    }

    [Fact]
    public async Task BoundedRunWritesEveryInputRowOnceToTablesOnS3WithTheDynamoDbCatalog()
    {
        await using var kafka = await StandaloneKafka.StartAsync(partitions: 4);
        await using var silo = SiloProcess.Start(_workDir.Path, FreePort.Next(),
        [
            $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
            "--duration", "20s", "--Generator:Seed=11", "--Generator:RatePerSecond=20", "--Committer:CommitInterval=00:00:02",
            "--Kafka:Partitions=4", .. kafka.SiloSwitches, .. CloudSettings(_s3, _dynamo),
        ]);
        Assert.Equal(0, await silo.WaitForExitAsync(TimeSpan.FromMinutes(3)));
        Assert.Contains($"s3://{Bucket}/{Prefix}", silo.Output);

        // Nothing landed on local disk: s3:// used to become the folder ./s3:/kickstarter/wh.
        Assert.False(Directory.Exists(Path.Combine(_workDir.Path, "s3:")), "the s3:// warehouse became a local folder");
        Assert.False(Directory.Exists(Path.Combine(_workDir.Path, "warehouse")), "the tables went to the local default warehouse");

        var download = Path.Combine(_workDir.Path, "download");
        var iceberg = await S3IcebergReader.DownloadAsync(_s3, _dynamo, Bucket, Prefix, CatalogTable, download);
        AssertTablesMatchInput(iceberg, kafka);
    }

    /// <summary>The settings of an S3 warehouse on s3rver with the DynamoDB catalog on dynalite.</summary>
    internal static string[] CloudSettings(S3rverServer s3, DynaliteServer dynamo) =>
        [
            .. CloudSwitches.S3Warehouse($"s3://{Bucket}/{Prefix}", s3.ServiceUrl),
            .. CloudSwitches.DynamoDbCatalog(dynamo.ServiceUrl, CatalogTable),
        ];

    /// <summary>
    /// Each airline table holds exactly the bookings of its input topic (by confirmation code, each once), the flight
    /// table both airlines' bookings, and the last flyer stats of each flyer count that flyer's flights.
    /// </summary>
    internal static void AssertTablesMatchInput(IndependentIcebergReader iceberg, StandaloneKafka kafka)
    {
        var sunset = InputCodes(kafka, Topics.Sunset);
        var skyOne = InputCodes(kafka, Topics.SkyOne);
        Assert.NotEmpty(sunset);
        Assert.NotEmpty(skyOne);
        Assert.Equal(sunset.Order(), Codes(iceberg, Tables.SunsetAirline).Order());
        Assert.Equal(skyOne.Order(), Codes(iceberg, Tables.SkyOneAirline).Order());
        var flights = iceberg.Rows(Tables.Flight);
        Assert.Equal(sunset.Concat(skyOne).Order(), flights.Select(row => (string)row["confirmation_code"]!).Order());

        var flightsPerFlyer = flights.GroupBy(row => (string)row["email_address"]!).ToDictionary(g => g.Key, g => (long)g.Count());
        var stats = iceberg.Rows(Tables.FlyerStats).GroupBy(row => (string)row["email_address"]!)
            .ToDictionary(g => g.Key, g => g.Max(row => Convert.ToInt64(row["number_of_flights"], CultureInfo.InvariantCulture)));
        Assert.Equal(flightsPerFlyer.OrderBy(kv => kv.Key), stats.OrderBy(kv => kv.Key));
    }

    private static List<string> InputCodes(StandaloneKafka kafka, string topic) =>
    [
        .. TopicReader.ReadAll(kafka.BootstrapServers, topic, TimeSpan.FromSeconds(30))
            .Select(record => PipelineAssertions.Decoded(kafka.Serdes, topic, AvroRecords.Booking, record).ConfirmationCode),
    ];

    private static IEnumerable<string> Codes(IndependentIcebergReader iceberg, string table) =>
        iceberg.Rows(table).Select(row => (string)row["confirmation_code"]!);
}
