using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Kickstarter.Connectors.Iceberg.Options;

namespace Kickstarter.Connectors.Iceberg.Io;

/// <summary>
/// <see cref="IFileIO"/> on Amazon S3 (or an S3-compatible server), for locations <c>s3://bucket/key</c>.
/// Files below <see cref="S3FileIOOptions.MultipartThresholdBytes"/> are written by one PUT, larger ones by a multipart
/// upload of <see cref="S3FileIOOptions.PartSizeBytes"/> parts (aborted on failure); either way S3 makes the object
/// visible whole or not at all, so readers never see a partial file.
/// </summary>
/// <remarks>
/// No atomic exclusive create: S3 cannot create an object only if its name is free on every S3-compatible store
/// (<c>If-None-Match: *</c> is honoured by AWS since 2024 but ignored by others, s3rver among them, which would let two
/// racing commits both "win"), so <see cref="SupportsAtomicCreate"/> is false and the Hadoop catalog refuses this IO.
/// Commit tables on S3 through a catalog with conditional updates (DynamoDB, REST).
/// Retries are the AWS SDK's own ("standard" mode, <see cref="S3FileIOOptions.MaxRetries"/>); a request that still
/// fails surfaces as an <see cref="IOException"/> whose message names the setting to check, never a credential.
/// </remarks>
internal sealed class S3FileIO : IFileIO, IDisposable
{
    // S3 refuses a multipart upload of more parts than this.
    private const int MaxParts = 10_000;

    private static readonly HashSet<string> AuthErrors = new(StringComparer.Ordinal)
    {
        "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "AllAccessDisabled",
    };

    private readonly AmazonS3Client _client;
    private readonly S3FileIOOptions _options;

    /// <summary>Creates the IO; throws <see cref="ArgumentException"/> naming each invalid setting.</summary>
    public S3FileIO(S3FileIOOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = S3FileIOOptionsValidator.Check(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        _options = options;
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = options.MaxRetries,
            Timeout = options.RequestTimeout,
        };
        if (options.ChecksumWhenRequired)
        {
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }
        if (options.ServiceUrl is not null)
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        options.ConfigureClient?.Invoke(config);
        _client = options.HasExplicitKeys
            ? new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config)
            : new AmazonS3Client(config);
    }

    /// <summary>False: S3 has no exclusive create that every S3-compatible store honours (see the remarks).</summary>
    public bool SupportsAtomicCreate => false;

    /// <inheritdoc />
    public async Task<byte[]> ReadAsync(string location, CancellationToken ct)
    {
        var at = S3Location.Parse(location);
        try
        {
            using var response = await _client.GetObjectAsync(at.Bucket, at.Key, ct).ConfigureAwait(false);
            var length = response.ContentLength;
            using var buffer = new MemoryStream(length is > 0 and < int.MaxValue ? (int)length : 0);
            await response.ResponseStream.CopyToAsync(buffer, ct).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            throw new FileNotFoundException($"{at} does not exist.", location, e);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Forbidden && !ct.IsCancellationRequested)
        {
            // AWS answers a GET of a missing key 403, not 404, unless the caller may list the bucket without a prefix
            // condition (a GET carries no s3:prefix): the least-privilege policy (infra/terraform/aws-ecs/iam.tf) grants
            // ListBucket under the warehouse prefix only. A listing of exactly this key tells absent from refused.
            if (!await IsListedAsync(at, ct).ConfigureAwait(false))
            {
                throw new FileNotFoundException($"{at} does not exist (GetObject answered 403, the listing has no such key).", location, e);
            }

            throw Failure("GetObject", at, e);
        }
        catch (Exception e) when (IsFailure(e, ct))
        {
            throw Failure("GetObject", at, e);
        }
    }

    /// <inheritdoc />
    public async Task WriteAsync(string location, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var at = S3Location.Parse(location);
        try
        {
            if (content.Length < _options.MultipartThresholdBytes)
            {
                using var body = AsStream(content, 0, content.Length);
                await _client.PutObjectAsync(new PutObjectRequest { BucketName = at.Bucket, Key = at.Key, InputStream = body }, ct)
                    .ConfigureAwait(false);
            }
            else
            {
                await UploadMultipartAsync(at, content, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsFailure(e, ct))
        {
            throw Failure("PutObject", at, e);
        }
    }

    /// <summary>Not supported on S3 (see <see cref="SupportsAtomicCreate"/>): always throws <see cref="NotSupportedException"/>.</summary>
    public Task<bool> TryCreateAsync(string location, ReadOnlyMemory<byte> content, CancellationToken ct) =>
        throw new NotSupportedException(
            $"S3FileIO cannot create {location} exclusively: S3-compatible stores do not all honour conditional PUTs. " +
            "Commit through a catalog with conditional updates (DynamoDB or REST), not the Hadoop catalog.");

    /// <summary>
    /// True when the key exists, decided by listing exactly that key (ListObjectsV2, prefix = key, one key) instead of
    /// a HEAD: AWS answers a HEAD of a missing key 403 (not 404) to a caller whose s3:ListBucket is limited to a prefix,
    /// and the least-privilege policy (infra/terraform/aws-ecs/iam.tf) limits it to the warehouse prefix.
    /// </summary>
    public Task<bool> ExistsAsync(string location, CancellationToken ct) => IsListedAsync(S3Location.Parse(location), ct);

    /// <inheritdoc />
    public async Task DeleteAsync(string location, CancellationToken ct)
    {
        var at = S3Location.Parse(location);
        try
        {
            // S3 answers 204 for an absent key too, which is the contract: no error when absent.
            await _client.DeleteObjectAsync(at.Bucket, at.Key, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e, ct))
        {
            throw Failure("DeleteObject", at, e);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<FileEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        var at = S3Location.Parse(prefix);
        // A prefix names a folder: "t/data" must not list "t/data2/...".
        var keyPrefix = at.Key.Length == 0 || at.Key.EndsWith('/') ? at.Key : at.Key + "/";
        var request = new ListObjectsV2Request { BucketName = at.Bucket, Prefix = keyPrefix };
        while (true)
        {
            ListObjectsV2Response page;
            try
            {
                page = await _client.ListObjectsV2Async(request, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (IsFailure(e, ct))
            {
                throw Failure("ListObjectsV2", at, e);
            }
            foreach (var s3Object in page.S3Objects ?? [])
            {
                var modified = s3Object.LastModified is { } lastModified
                    ? new DateTimeOffset(lastModified.ToUniversalTime(), TimeSpan.Zero)
                    : DateTimeOffset.MinValue;
                yield return new FileEntry($"s3://{at.Bucket}/{s3Object.Key}", s3Object.Size ?? 0, modified);
            }
            if (page.IsTruncated != true)
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    /// <summary>
    /// Checks at start-up that the warehouse at <paramref name="root"/> (<c>s3://bucket/prefix</c>) is usable: the bucket
    /// exists and a listing under the prefix is allowed (ListObjectsV2 of <c>_kickstarter/probe/</c>, one key), and a probe object under
    /// <c>&lt;root&gt;/_kickstarter/probe/</c> can be written, read back and deleted. Throws the <see cref="IOException"/>
    /// of the first step that fails (its message names the setting to check, never a key); a DELETE that fails other
    /// than by a refusal is tolerated, as the pipeline tolerates it.
    /// </summary>
    internal async Task ProbeAsync(string root, CancellationToken ct)
    {
        var at = S3Location.Parse(root);
        var prefix = at.Key.Length == 0 || at.Key.EndsWith('/') ? at.Key : at.Key + "/";
        // Listed where only probe objects live: the same permission as anywhere under the prefix, and no walk through
        // folders other silos are writing (s3rver, the tests' S3, answers 500 when a file goes while it lists).
        var folder = $"{prefix}_kickstarter/probe/";
        try
        {
            await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = at.Bucket, Prefix = folder, MaxKeys = 1 }, ct)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e, ct))
        {
            throw Failure("ListObjectsV2", new S3Location(at.Bucket, folder), e);
        }

        // An object that stays keeps the folder: s3rver keeps objects in folders and removes a folder when its last
        // object is deleted, which races with another silo's probe writing into it (its object vanished). On S3 it
        // is one object of a few bytes.
        await WriteAsync($"s3://{at.Bucket}/{folder}keep", "Kickstarter's start-up probes write and delete objects here."u8.ToArray(), ct)
            .ConfigureAwait(false);
        var probe = $"s3://{at.Bucket}/{folder}{Environment.ProcessId}-{Guid.NewGuid():N}";
        var content = "kickstarter start-up probe"u8.ToArray();
        await WriteAsync(probe, content, ct).ConfigureAwait(false);
        var back = await ReadAsync(probe, ct).ConfigureAwait(false);
        try
        {
            await DeleteAsync(probe, ct).ConfigureAwait(false);
        }
        catch (IOException e) when (!IsRefusal(e.InnerException))
        {
            // A DELETE refused is a missing permission (staging clean-up and maintenance need it): that stops start-up.
            // One failing otherwise (5xx past the retries) does not: the pipeline tolerates failed DELETEs too (the
            // files stay behind), and the probe object is a few bytes a lifecycle rule on _kickstarter/ removes.
        }

        if (!back.AsSpan().SequenceEqual(content))
        {
            throw new IOException($"S3 returned other bytes for the probe object {probe} than were written to it.");
        }
    }

    /// <summary>Closes the S3 client.</summary>
    public void Dispose() => _client.Dispose();

    private async Task UploadMultipartAsync(S3Location at, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var partSize = _options.PartSizeBytes;
        var parts = (int)Math.Min(int.MaxValue, (content.Length + partSize - 1) / partSize);
        if (parts > MaxParts)
        {
            throw new IOException(
                $"{at} of {content.Length} bytes needs {parts} parts of {S3FileIOOptions.Section}:PartSizeBytes={partSize}; " +
                $"S3 allows {MaxParts}.");
        }

        var initiate = new InitiateMultipartUploadRequest { BucketName = at.Bucket, Key = at.Key };
        var started = await _client.InitiateMultipartUploadAsync(initiate, ct).ConfigureAwait(false);
        try
        {
            var etags = new List<PartETag>(parts);
            for (var part = 1; part <= parts; part++)
            {
                var offset = (part - 1) * partSize;
                var size = (int)Math.Min(partSize, content.Length - offset);
                using var body = AsStream(content, (int)offset, size);
                var uploaded = await _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = at.Bucket,
                    Key = at.Key,
                    UploadId = started.UploadId,
                    PartNumber = part,
                    PartSize = size,
                    InputStream = body,
                }, ct).ConfigureAwait(false);
                etags.Add(new PartETag(part, uploaded.ETag));
            }
            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = at.Bucket,
                Key = at.Key,
                UploadId = started.UploadId,
                PartETags = etags,
            }, ct).ConfigureAwait(false);
        }
        catch
        {
            // Uploaded parts cost storage until aborted; the original failure is what the caller must see.
            try
            {
                await _client.AbortMultipartUploadAsync(at.Bucket, at.Key, started.UploadId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception abort) when (abort is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
            {
                // Best effort: a bucket lifecycle rule for incomplete uploads is the backstop (see the README).
            }
            throw;
        }
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content, int offset, int count) =>
        MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset + offset, count, writable: false)
            : new MemoryStream(content.Slice(offset, count).ToArray(), writable: false);

    // Cancellation by the caller is not a storage failure: it propagates as it is.
    private static bool IsFailure(Exception error, CancellationToken ct) =>
        !ct.IsCancellationRequested
        && error is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or TaskCanceledException
        && error is not FileNotFoundException;

    /// <summary>
    /// Lists exactly <paramref name="at"/>'s key: the first key at or after it that starts with it is itself if it exists.
    /// </summary>
    private async Task<bool> IsListedAsync(S3Location at, CancellationToken ct)
    {
        try
        {
            var page = await _client.ListObjectsV2Async(
                    new ListObjectsV2Request { BucketName = at.Bucket, Prefix = at.Key, MaxKeys = 1 }, ct)
                .ConfigureAwait(false);
            return page.S3Objects is [var first, ..] && first.Key == at.Key;
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
        {
            // A missing bucket holds no key: absent, as a missing key is (the write that follows names the bucket).
            return false;
        }
        catch (Exception e) when (IsFailure(e, ct))
        {
            throw Failure("ListObjectsV2", at, e);
        }
    }

    private static bool IsRefusal(Exception? error) =>
        error is AmazonServiceException service
        && (service.StatusCode == HttpStatusCode.Forbidden || AuthErrors.Contains(service.ErrorCode ?? ""));

    private IOException Failure(string operation, S3Location at, Exception error)
    {
        var credentials = _options.HasExplicitKeys
            ? $"{S3FileIOOptions.Section}:AccessKey / {S3FileIOOptions.Section}:SecretKey (explicit keys are configured)"
            : $"the default AWS credential chain ({S3FileIOOptions.Section}:AccessKey and SecretKey are empty)";
        var endpoint = _options.ServiceUrl is null
            ? $"region {_options.Region}"
            : $"{S3FileIOOptions.Section}:ServiceUrl={_options.ServiceUrl}";
        return error switch
        {
            AmazonS3Exception { ErrorCode: "NoSuchBucket" } =>
                new IOException($"S3 bucket '{at.Bucket}' does not exist ({operation} {at} at {endpoint}): " +
                    "create it or fix the bucket in Iceberg:Warehouse.", error),
            AmazonServiceException service when IsRefusal(service) =>
                new IOException($"S3 refused {operation} {at}: access denied ({service.ErrorCode ?? "403 Forbidden"}); " +
                    $"check {credentials} and the bucket's policy.", error),
            AmazonServiceException service =>
                new IOException($"S3 {operation} {at} failed with {(int)service.StatusCode} {service.ErrorCode} after the SDK's retries " +
                    $"({S3FileIOOptions.Section}:MaxRetries={_options.MaxRetries}): {service.Message}", error),
            _ =>
                new IOException($"S3 {operation} {at} failed at {endpoint} after the SDK's retries " +
                    $"({S3FileIOOptions.Section}:MaxRetries={_options.MaxRetries}): {error.GetType().Name}: {error.Message}", error),
        };
    }
}
