using Amazon.S3.Model;
using Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Options;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Serialization;
using Kickstarter.Grains.Sinks;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using System.Diagnostics.CodeAnalysis;

namespace Kickstarter.IntegrationTests.Pipeline;

/// <summary>
/// The job sink with its warehouse on s3rver and the DynamoDB catalog on dynalite: staging files are S3 objects
/// addressed by URI, so a sink on another host (a new instance with its own clients) finishes an epoch it did not
/// prepare; an unreachable S3 fails the prepare instead of handing out an epoch that is not durable.
/// </summary>
[SuppressMessage(
    "Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "xUnit calls IAsyncLifetime.DisposeAsync, which disposes it; the rule does not look there.")]
public sealed class S3JobSinkTests : IAsyncLifetime
{
    private const string Bucket = "sink";
    private const string CatalogTable = "sink_catalog";
    private static readonly JobDefinition Job = JobSinkBuilder.Job;

    // Its local warehouse folder is where the tables are downloaded to: the sinks here write to S3.
    private readonly JobSinkBuilder _builder = new("kickstarter-s3-sink-");
    private S3rverServer _s3 = null!;
    private DynaliteServer _dynamo = null!;

    public async Task InitializeAsync()
    {
        _s3 = await S3rverServer.StartAsync();
        _dynamo = await DynaliteServer.StartAsync();
        using var raw = S3IcebergReader.NewS3Client(_s3);
        await raw.PutBucketAsync(Bucket);
    }

    public async Task DisposeAsync()
    {
        await _s3.DisposeAsync();
        await _dynamo.DisposeAsync();
        _builder.Dispose();
    }

    [Fact]
    public async Task ASinkOnAnotherHostFinishesAnEpochFromTheStagingObjectsOnS3()
    {
        PreparedEpoch prepared;
        using (var preparing = NewSink(_s3.ServiceUrl))
        {
            prepared = await preparing.PrepareAsync(Job, 3, JobSinkBuilder.Outputs(), CancellationToken.None);
        }

        Assert.StartsWith($"s3://{Bucket}/wh/_kickstarter/staging/{Job.Name}/", prepared.Pending.ManifestPath);
        Assert.All(prepared.Manifest.Tables.SelectMany(table => table.Value),
            file => Assert.StartsWith($"s3://{Bucket}/wh/", file.FilePath));

        using var recovering = NewSink(_s3.ServiceUrl);
        var loaded = await recovering.LoadAsync(Job, prepared.Pending, CancellationToken.None);
        await recovering.CommitAsync(Job, loaded, recovering: true, CancellationToken.None);
        await recovering.CleanupAsync(Job, loaded, CancellationToken.None);

        var iceberg = await S3IcebergReader.DownloadAsync(_s3, _dynamo, Bucket, "wh", CatalogTable, _builder.Warehouse);
        Assert.Equal(["CODEA", "CODEB"], iceberg.Rows(Tables.Flight).Select(row => (string)row["confirmation_code"]!).Order());
        Assert.Single(iceberg.Rows(Tables.SunsetAirline));
        Assert.Equal(["a@email.com", "b@email.com"],
            TopicReader.ReadAll(_builder.Kafka.BootstrapServers, Topics.Flight, TimeSpan.FromSeconds(30)).Select(record => record.Key));
        Assert.Empty(await StagingObjectsAsync());
    }

    [Fact]
    public async Task UnreachableS3FailsThePrepareWithoutHandingOutAnEpoch()
    {
        // Nothing listens there: every request fails to connect, and with no retries the failure surfaces at once.
        using var sink = NewSink($"http://127.0.0.1:{FreePort.Next()}");
        await Assert.ThrowsAsync<IOException>(() => sink.PrepareAsync(Job, 1, JobSinkBuilder.Outputs(), CancellationToken.None));
        Assert.Empty(await StagingObjectsAsync());
    }

    private JobSink NewSink(string s3ServiceUrl)
    {
        var location = $"s3://{Bucket}/wh";
        var io = new FileIOResolver(new S3FileIOOptions
        {
            ServiceUrl = s3ServiceUrl,
            ForcePathStyle = true,
            ChecksumWhenRequired = true,
            AccessKey = S3rverServer.AccessKey,
            SecretKey = S3rverServer.SecretKey,
            MaxRetries = 0,
            RequestTimeout = TimeSpan.FromSeconds(10),
        }).Resolve(location);
        var catalog = new DynamoDbCatalog(new DynamoDbCatalogOptions
        {
            ServiceUrl = _dynamo.ServiceUrl,
            TableName = CatalogTable,
            AccessKey = "test",
            SecretKey = "test",
        }, io, location);
        // JSON on the wire: what this test is about (staging on S3, recovery on another host) does not depend on the
        // record format, and JSON needs no registry (JobSinkTests covers the sink on Avro).
        return _builder.Build(PipelineSerdes.Json, new JobWarehouse(catalog, io, location), location);
    }

    private async Task<List<string>> StagingObjectsAsync()
    {
        using var raw = S3IcebergReader.NewS3Client(_s3);
        var listing = await raw.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = "wh/_kickstarter/staging/" });
        return [.. (listing.S3Objects ?? []).Select(entry => entry.Key)];
    }
}
