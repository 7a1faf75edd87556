using System.Globalization;
using Amazon.S3;

namespace Kickstarter.Connectors.Iceberg.Options;

/// <summary>
/// Settings of <see cref="Io.S3FileIO"/> (configuration section <c>Iceberg:S3</c>): endpoint, credentials, multipart
/// sizes and retries. The bucket is not here: it is part of each location (<c>s3://bucket/prefix/...</c>), so it comes
/// from <c>Iceberg:Warehouse</c>.
/// </summary>
public sealed class S3FileIOOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Iceberg:S3";

    /// <summary>S3's smallest part of a multipart upload (all parts but the last): 5 MiB.</summary>
    public const long MinPartSizeBytes = 5L * 1024 * 1024;

    /// <summary>S3's largest part, and its largest single PUT: 5 GiB.</summary>
    public const long MaxPartSizeBytes = 5L * 1024 * 1024 * 1024;

    /// <summary>Upper bound for <see cref="MaxRetries"/>: beyond it a caller waits minutes on a dead endpoint.</summary>
    public const int MaxRetriesLimit = 20;

    /// <summary>AWS region of the bucket; also the signing region when <see cref="ServiceUrl"/> is set. default: "us-east-1"</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// Endpoint of an S3-compatible service ("http://127.0.0.1:4568"); null talks to AWS S3 in <see cref="Region"/>.
    /// default: null
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>
    /// Address buckets by path (<c>https://host/bucket/key</c>) instead of by host name
    /// (<c>https://bucket.host/key</c>); most S3-compatible servers need it. default: false
    /// </summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>
    /// Access key id; set it together with <see cref="SecretKey"/>, or leave both empty to use the AWS SDK's default
    /// credential chain (environment, profile, container or instance role). Never logged. default: null
    /// </summary>
    public string? AccessKey { get; set; }

    /// <summary>Secret access key paired with <see cref="AccessKey"/>; never logged or quoted in errors. default: null</summary>
    public string? SecretKey { get; set; }

    /// <summary>
    /// Send request checksums and validate response checksums only where S3 requires them (the SDK's WHEN_REQUIRED)
    /// instead of on every request (WHEN_SUPPORTED, the SDK's default since 2025, which streams uploads with a checksum
    /// trailer). S3-compatible servers that predate those trailers refuse such uploads (s3rver answers InvalidArgument):
    /// set it for them; leave it off for AWS S3. default: false
    /// </summary>
    public bool ChecksumWhenRequired { get; set; }

    /// <summary>
    /// Files of at least this many bytes are written by multipart upload, smaller ones by one PUT.
    /// default: 16777216 (16 MiB)
    /// </summary>
    public long MultipartThresholdBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Size of each part of a multipart upload (the last one may be smaller). default: 8388608 (8 MiB)</summary>
    public long PartSizeBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>
    /// Retries of one request by the AWS SDK (its "standard" mode: throttling, 5xx answers, connection errors, with
    /// exponential backoff and jitter); 0 disables them. A request that still fails is reported as an
    /// <see cref="IOException"/>. default: 4
    /// </summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>Time one HTTP request may take before it is abandoned (and retried). default: 00:01:40 (100 s)</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Test seam: adjusts the AWS client configuration (e.g. an HttpClientFactory) before the client is built.</summary>
    internal Action<AmazonS3Config>? ConfigureClient { get; set; }

    /// <summary>True when explicit keys are configured (false: the SDK's default credential chain).</summary>
    internal bool HasExplicitKeys => !string.IsNullOrEmpty(AccessKey) && !string.IsNullOrEmpty(SecretKey);

    /// <summary>Describes the settings without the credentials.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"S3FileIOOptions {{ Region = {Region}, ServiceUrl = {ServiceUrl ?? "(AWS)"}, ") +
        string.Create(CultureInfo.InvariantCulture, $"ForcePathStyle = {ForcePathStyle}, ChecksumWhenRequired = {ChecksumWhenRequired}, ") +
        string.Create(CultureInfo.InvariantCulture, $"Credentials = {(HasExplicitKeys ? "explicit (redacted)" : "default chain")}, ") +
        string.Create(CultureInfo.InvariantCulture, $"MultipartThresholdBytes = {MultipartThresholdBytes}, ") +
        string.Create(CultureInfo.InvariantCulture, $"PartSizeBytes = {PartSizeBytes}, ") +
        string.Create(CultureInfo.InvariantCulture, $"MaxRetries = {MaxRetries}, RequestTimeout = {RequestTimeout} }}");
}
