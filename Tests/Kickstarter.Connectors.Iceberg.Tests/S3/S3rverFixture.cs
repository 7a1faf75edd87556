using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Kickstarter.Connectors.Iceberg.Options;
using Kickstarter.Testing;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests.S3;

/// <summary>
/// One real s3rver for a test class, and a raw AWS SDK client on it: the independent reader and writer of these tests
/// (it shares no code with <see cref="Io.S3FileIO"/>).
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    private S3rverServer? _server;

    public string ServiceUrl => _server!.ServiceUrl;

    public AmazonS3Client Raw { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await S3rverServer.StartAsync();
        Raw = new AmazonS3Client(
            new BasicAWSCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey),
            new AmazonS3Config
            {
                ServiceURL = ServiceUrl,
                AuthenticationRegion = "us-east-1",
                ForcePathStyle = true,
                MaxErrorRetry = 0,
                RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED,
            });
    }

    public async Task DisposeAsync()
    {
        Raw?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Options of an S3FileIO on this server with its keys.</summary>
    public S3FileIOOptions Options(Action<S3FileIOOptions>? adjust = null)
    {
        var options = new S3FileIOOptions
        {
            ServiceUrl = ServiceUrl,
            ForcePathStyle = true,
            ChecksumWhenRequired = true,
            AccessKey = S3rverServer.AccessKey,
            SecretKey = S3rverServer.SecretKey,
            MaxRetries = 1,
        };
        adjust?.Invoke(options);
        return options;
    }

    /// <summary>A new empty bucket with a unique name, created by the raw client.</summary>
    public async Task<string> NewBucketAsync()
    {
        var bucket = "t" + Guid.NewGuid().ToString("N")[..20];
        await Raw.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return bucket;
    }

    /// <summary>An object's bytes read by the raw client, or null when absent.</summary>
    public async Task<byte[]?> RawReadAsync(string bucket, string key)
    {
        try
        {
            using var response = await Raw.GetObjectAsync(bucket, key);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Every key in a bucket, listed by the raw client.</summary>
    public async Task<List<string>> RawKeysAsync(string bucket)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket };
        while (true)
        {
            var page = await Raw.ListObjectsV2Async(request);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            if (page.IsTruncated != true)
            {
                return keys;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }
}
