using System.Net;
using System.Text;
using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Options;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests.S3;

/// <summary>S3FileIO against a real S3-protocol server (s3rver), checked with the raw AWS SDK client.</summary>
public sealed class S3FileIOTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task ASmallFileRoundTripsAndTheRawClientReadsTheSameBytes()
    {
        var bucket = await s3.NewBucketAsync();
        var counter = FaultInjectingHttpClientFactory.Counting(FaultInjectingHttpClientFactory.IsPut);
        using var io = new S3FileIO(s3.Options(o => o.ConfigureClient = c => c.HttpClientFactory = counter));
        var content = RandomBytes(3_000, 1);

        await io.WriteAsync($"s3://{bucket}/warehouse/t/metadata/v1.metadata.json", content, CancellationToken.None);

        Assert.Equal(content, await s3.RawReadAsync(bucket, "warehouse/t/metadata/v1.metadata.json"));
        Assert.Equal(content, await io.ReadAsync($"s3://{bucket}/warehouse/t/metadata/v1.metadata.json", CancellationToken.None));
        Assert.True(await io.ExistsAsync($"s3://{bucket}/warehouse/t/metadata/v1.metadata.json", CancellationToken.None));
        Assert.Equal(1, counter.Attempts);
        Assert.Equal(0, counter.PartUploads);
    }

    [Fact]
    public async Task AFileAboveTheThresholdIsUploadedInPartsAndReadsBackWhole()
    {
        var bucket = await s3.NewBucketAsync();
        var counter = FaultInjectingHttpClientFactory.Counting(FaultInjectingHttpClientFactory.IsPut);
        using var io = new S3FileIO(s3.Options(o =>
        {
            o.MultipartThresholdBytes = S3FileIOOptions.MinPartSizeBytes;
            o.PartSizeBytes = S3FileIOOptions.MinPartSizeBytes;
            o.ConfigureClient = c => c.HttpClientFactory = counter;
        }));
        // Two full 5 MiB parts and a short last one.
        var content = RandomBytes((int)(2 * S3FileIOOptions.MinPartSizeBytes) + 12_345, 2);

        await io.WriteAsync($"s3://{bucket}/data/big.parquet", content, CancellationToken.None);

        Assert.Equal(3, counter.PartUploads);
        Assert.Equal(content, await s3.RawReadAsync(bucket, "data/big.parquet"));
        Assert.Equal(content, await io.ReadAsync($"s3://{bucket}/data/big.parquet", CancellationToken.None));
        Assert.Equal(0, counter.Aborts);
    }

    [Fact]
    public async Task ListingReturnsTheFilesUnderAFolderAndDeleteRemovesThem()
    {
        var bucket = await s3.NewBucketAsync();
        using var io = new S3FileIO(s3.Options());
        await io.WriteAsync($"s3://{bucket}/t/data/a.parquet", RandomBytes(10, 3), CancellationToken.None);
        await io.WriteAsync($"s3://{bucket}/t/data/p=1/b.parquet", RandomBytes(20, 4), CancellationToken.None);
        await io.WriteAsync($"s3://{bucket}/t/data2/c.parquet", RandomBytes(30, 5), CancellationToken.None);

        var listed = await io.ListAsync($"s3://{bucket}/t/data", CancellationToken.None).ToListAsync();

        Assert.Equal([$"s3://{bucket}/t/data/a.parquet", $"s3://{bucket}/t/data/p=1/b.parquet"], listed.Select(f => f.Location).Order());
        Assert.Equal([10L, 20L], listed.OrderBy(f => f.Location, StringComparer.Ordinal).Select(f => f.Size));
        Assert.All(listed, f => Assert.True(f.LastModified > DateTimeOffset.UtcNow.AddMinutes(-5), $"{f.Location} modified {f.LastModified}"));

        await io.DeleteAsync($"s3://{bucket}/t/data/a.parquet", CancellationToken.None);
        await io.DeleteAsync($"s3://{bucket}/t/data/never-written.parquet", CancellationToken.None);

        Assert.Equal(["t/data/p=1/b.parquet", "t/data2/c.parquet"], (await s3.RawKeysAsync(bucket)).Order());
    }

    [Fact]
    public async Task AMissingObjectIsFileNotFoundAndDoesNotExist()
    {
        var bucket = await s3.NewBucketAsync();
        using var io = new S3FileIO(s3.Options());

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => io.ReadAsync($"s3://{bucket}/t/metadata/v9.metadata.json", CancellationToken.None));

        Assert.Contains($"s3://{bucket}/t/metadata/v9.metadata.json", error.Message, StringComparison.Ordinal);
        Assert.False(await io.ExistsAsync($"s3://{bucket}/t/metadata/v9.metadata.json", CancellationToken.None));
    }

    [Fact]
    public async Task AMissingKeyAnswered403AsAwsDoesWithoutListBucketIsStillFileNotFoundAndExistsNeverHeads()
    {
        // AWS answers a GET of a missing key 403 AccessDenied, not 404, to a caller whose s3:ListBucket is conditioned on
        // s3:prefix (a GET carries none), as infra/terraform/aws-ecs/iam.tf grants it. s3rver has no policies: every
        // object GET is answered 403 here, listings pass.
        var bucket = await s3.NewBucketAsync();
        var heads = 0;
        var faults = new FaultInjectingHttpClientFactory(
            r =>
            {
                if (r.Method == HttpMethod.Head)
                {
                    Interlocked.Increment(ref heads);
                }

                return r.Method == HttpMethod.Get && !(r.RequestUri?.Query ?? "").Contains("list-type", StringComparison.Ordinal);
            },
            int.MaxValue, HttpStatusCode.Forbidden, "AccessDenied");
        using var io = new S3FileIO(s3.Options(o => o.ConfigureClient = c => c.HttpClientFactory = faults));
        var present = $"s3://{bucket}/t/metadata/snap-1.avro";
        var missing = $"s3://{bucket}/t/metadata/snap-2.avro";
        await io.WriteAsync(present, new byte[] { 1, 2, 3 }, CancellationToken.None);
        // A key that only shares the missing key's beginning must not make it "exist".
        await io.WriteAsync(missing + ".tmp", new byte[] { 4 }, CancellationToken.None);

        var absent = await Assert.ThrowsAsync<FileNotFoundException>(() => io.ReadAsync(missing, CancellationToken.None));
        var refused = await Assert.ThrowsAsync<IOException>(() => io.ReadAsync(present, CancellationToken.None));

        Assert.Contains(missing, absent.Message, StringComparison.Ordinal);
        Assert.IsNotType<FileNotFoundException>(refused);
        Assert.Contains("access denied (AccessDenied)", refused.Message, StringComparison.Ordinal);
        Assert.True(await io.ExistsAsync(present, CancellationToken.None));
        Assert.False(await io.ExistsAsync(missing, CancellationToken.None));
        Assert.False(await io.ExistsAsync($"s3://no-such-bucket-{Guid.NewGuid():N}/t/x", CancellationToken.None));
        Assert.Equal(0, Volatile.Read(ref heads));
    }

    [Fact]
    public async Task ABucketThatDoesNotExistGivesOneMessageNamingTheWarehouse()
    {
        using var io = new S3FileIO(s3.Options());

        var write = await Assert.ThrowsAsync<IOException>(() => io.WriteAsync("s3://no-such-bucket/t/x.parquet", new byte[] { 1 }, CancellationToken.None));
        var read = await Assert.ThrowsAsync<IOException>(() => io.ReadAsync("s3://no-such-bucket/t/x.parquet", CancellationToken.None));

        Assert.All([write, read], e =>
        {
            Assert.IsNotType<FileNotFoundException>(e);
            Assert.Contains("bucket 'no-such-bucket' does not exist", e.Message, StringComparison.Ordinal);
            Assert.Contains("Iceberg:Warehouse", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
        });
    }

    [Fact]
    public async Task AWrongSecretIsRefusedWithAMessageNamingTheKeysButNotQuotingThem()
    {
        var bucket = await s3.NewBucketAsync();
        const string secret = "not-the-secret-7f3a9c";
        using var io = new S3FileIO(s3.Options(o => o.SecretKey = secret));

        var error = await Assert.ThrowsAsync<IOException>(() => io.WriteAsync($"s3://{bucket}/t/x", new byte[] { 1 }, CancellationToken.None));

        Assert.Contains("SignatureDoesNotMatch", error.Message, StringComparison.Ordinal);
        Assert.Contains("Iceberg:S3:AccessKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("Iceberg:S3:SecretKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        Assert.Null(await s3.RawReadAsync(bucket, "t/x"));
    }

    [Fact]
    public async Task AccessDeniedByPolicyIsReportedWithTheCredentialSettings()
    {
        // s3rver has no bucket policies: the 403 AccessDenied that AWS sends for a policy refusal is injected.
        var bucket = await s3.NewBucketAsync();
        var faults = new FaultInjectingHttpClientFactory(FaultInjectingHttpClientFactory.IsPut, int.MaxValue, HttpStatusCode.Forbidden, "AccessDenied");
        using var io = new S3FileIO(s3.Options(o => o.ConfigureClient = c => c.HttpClientFactory = faults));

        var error = await Assert.ThrowsAsync<IOException>(() => io.WriteAsync($"s3://{bucket}/t/x", new byte[] { 1 }, CancellationToken.None));

        Assert.Contains("AccessDenied", error.Message, StringComparison.Ordinal);
        Assert.Contains("Iceberg:S3:AccessKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(s3.Options().SecretKey!, error.Message, StringComparison.Ordinal);
        // Not retried: an authorisation refusal does not heal by asking again.
        Assert.Equal(1, faults.Attempts);
    }

    [Fact]
    public async Task ServerErrorsPastTheRetryBudgetAreReportedNotSwallowed()
    {
        var bucket = await s3.NewBucketAsync();
        var faults = new FaultInjectingHttpClientFactory(
            FaultInjectingHttpClientFactory.IsPut, int.MaxValue, HttpStatusCode.InternalServerError, "InternalError");
        using var io = new S3FileIO(s3.Options(o =>
        {
            o.MaxRetries = 2;
            o.ConfigureClient = c => c.HttpClientFactory = faults;
        }));

        var error = await Assert.ThrowsAsync<IOException>(() => io.WriteAsync($"s3://{bucket}/t/x", new byte[] { 1, 2 }, CancellationToken.None));

        Assert.Contains("500 InternalError", error.Message, StringComparison.Ordinal);
        Assert.Contains("Iceberg:S3:MaxRetries=2", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, faults.Attempts);
        Assert.Null(await s3.RawReadAsync(bucket, "t/x"));
    }

    [Fact]
    public async Task ServerErrorsWithinTheRetryBudgetAreRetriedUntilTheWriteLands()
    {
        var bucket = await s3.NewBucketAsync();
        var faults = new FaultInjectingHttpClientFactory(FaultInjectingHttpClientFactory.IsPut, 2, HttpStatusCode.ServiceUnavailable, "SlowDown");
        using var io = new S3FileIO(s3.Options(o =>
        {
            o.MaxRetries = 4;
            o.ConfigureClient = c => c.HttpClientFactory = faults;
        }));

        await io.WriteAsync($"s3://{bucket}/t/x", Encoding.UTF8.GetBytes("landed"), CancellationToken.None);

        Assert.Equal(3, faults.Attempts);
        Assert.Equal("landed", Encoding.UTF8.GetString((await s3.RawReadAsync(bucket, "t/x"))!));
    }

    [Fact]
    public async Task AFailedPartAbortsTheMultipartUpload()
    {
        var bucket = await s3.NewBucketAsync();
        var faults = new FaultInjectingHttpClientFactory(
            r => r.Method == HttpMethod.Put && (r.RequestUri?.Query ?? "").Contains("partNumber=2", StringComparison.Ordinal),
            int.MaxValue, HttpStatusCode.InternalServerError, "InternalError");
        using var io = new S3FileIO(s3.Options(o =>
        {
            o.MultipartThresholdBytes = S3FileIOOptions.MinPartSizeBytes;
            o.PartSizeBytes = S3FileIOOptions.MinPartSizeBytes;
            o.MaxRetries = 0;
            o.ConfigureClient = c => c.HttpClientFactory = faults;
        }));

        var error = await Assert.ThrowsAsync<IOException>(() =>
            io.WriteAsync($"s3://{bucket}/t/big", RandomBytes((int)S3FileIOOptions.MinPartSizeBytes + 10, 6), CancellationToken.None));

        Assert.Contains("InternalError", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, faults.Attempts);
        Assert.Null(await s3.RawReadAsync(bucket, "t/big"));
        // s3rver does not implement ListMultipartUploads: the abort is checked on the wire instead.
        Assert.Equal(1, faults.Aborts);
    }

    [Fact]
    public async Task AnUnreachableEndpointIsReportedWithTheServiceUrl()
    {
        var port = Kickstarter.Testing.FreePort.Next();
        using var io = new S3FileIO(s3.Options(o =>
        {
            o.ServiceUrl = $"http://127.0.0.1:{port}";
            o.MaxRetries = 1;
        }));

        var error = await Assert.ThrowsAsync<IOException>(() => io.WriteAsync("s3://b/t/x", new byte[] { 1 }, CancellationToken.None));

        Assert.Contains($"Iceberg:S3:ServiceUrl=http://127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3CannotCreateExclusivelySoTheHadoopCatalogRefusesIt()
    {
        using var io = new S3FileIO(s3.Options());

        Assert.False(io.SupportsAtomicCreate);
        await Assert.ThrowsAsync<NotSupportedException>(
            () => io.TryCreateAsync("s3://b/t/metadata/v1.metadata.json", new byte[] { 1 }, CancellationToken.None));
        var refusal = Assert.Throws<ArgumentException>(() => new HadoopCatalog(io, "s3://b/warehouse"));
        Assert.Contains("S3FileIO cannot do atomically", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("conditional updates", refusal.Message, StringComparison.Ordinal);
    }
}
