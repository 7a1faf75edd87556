using Orleans.Storage;

namespace Kickstarter.Connectors.DynamoDB;

/// <summary>
/// Settings of one DynamoDB grain storage provider (one named <see cref="IGrainStorage"/>).
/// </summary>
public sealed class DynamoDBStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>Smallest table name DynamoDB accepts.</summary>
    public const int MinTableNameLength = 3;

    /// <summary>Largest table name DynamoDB accepts.</summary>
    public const int MaxTableNameLength = 255;

    /// <summary>Upper bound for <see cref="MaxRetries"/>: beyond it a caller waits minutes on a dead endpoint.</summary>
    public const int MaxRetriesLimit = 20;

    /// <summary>Default stage of the silo lifecycle at which the table is checked or created.</summary>
    public const int DefaultInitStage = ServiceLifecycleStage.ApplicationServices;

    /// <summary>
    /// Endpoint of a DynamoDB-compatible service, such as dynalite or DynamoDB Local ("http://127.0.0.1:4567");
    /// null talks to AWS in <see cref="Region"/>. An empty or blank value means null, so an empty environment variable
    /// (<c>Storage__DynamoDB__ServiceUrl=""</c>) selects AWS rather than failing. default: null
    /// </summary>
    public string? ServiceUrl
    {
        get;
        set => field = string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>AWS region; also the signing region when <see cref="ServiceUrl"/> is set. default: "us-east-1"</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Table holding one item per grain state. default: "KickstarterGrainState"</summary>
    public string TableName { get; set; } = "KickstarterGrainState";

    /// <summary>
    /// Access key id; set it together with <see cref="SecretKey"/>, or leave both null to use the default AWS
    /// credential chain (environment, profile, instance role). A local endpoint accepts any pair. default: null
    /// </summary>
    [Redact]
    public string? AccessKey { get; set; }

    /// <summary>Secret access key paired with <see cref="AccessKey"/>; never logged. default: null</summary>
    [Redact]
    public string? SecretKey { get; set; }

    /// <summary>Create the table at start-up when it does not exist, then wait until it is ACTIVE. default: true</summary>
    public bool CreateIfNotExists { get; set; } = true;

    /// <summary>
    /// Create the table with provisioned capacity (<see cref="ReadCapacityUnits"/>, <see cref="WriteCapacityUnits"/>)
    /// instead of on-demand (PAY_PER_REQUEST) billing. default: false
    /// </summary>
    public bool UseProvisionedThroughput { get; set; }

    /// <summary>Read capacity units of a table created with provisioned throughput. default: 10</summary>
    public int ReadCapacityUnits { get; set; } = 10;

    /// <summary>Write capacity units of a table created with provisioned throughput. default: 5</summary>
    public int WriteCapacityUnits { get; set; } = 5;

    /// <summary>
    /// Serialized states of at least this many bytes are stored Brotli-compressed (when that makes them smaller);
    /// 0 disables compression. default: 8192
    /// </summary>
    public int CompressionThresholdBytes { get; set; } = 8192;

    /// <summary>
    /// Retries of a request that failed with throttling (ProvisionedThroughputExceeded, RequestLimitExceeded,
    /// Throttling), a 5xx answer or a network error, with exponential backoff; 0 disables retries. default: 5
    /// </summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Delay before the first retry; each further retry doubles it (with jitter, capped at 5 s). default: 100 ms</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// On ClearStateAsync delete the item (true) or overwrite it with an empty tombstone that keeps the ETag chain
    /// (false). default: false
    /// </summary>
    public bool DeleteStateOnClear { get; set; }

    /// <summary>Silo lifecycle stage at which the provider checks or creates its table.
    /// default: ServiceLifecycleStage.ApplicationServices</summary>
    public int InitStage { get; set; } = DefaultInitStage;

    /// <summary>
    /// Serializer of grain states; left null it is the storage serializer registered under the provider's name,
    /// else the silo's default <see cref="IGrainStorageSerializer"/>. default: null (resolved from DI)
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;

    /// <summary>Test seam: adjusts the AWS client configuration (e.g. an HttpClientFactory) before the client is built.</summary>
    internal Action<Amazon.DynamoDBv2.AmazonDynamoDBConfig>? ConfigureClient { get; set; }

    /// <summary>Describes the settings without the credentials.</summary>
    public override string ToString() =>
        $"DynamoDBStorageOptions {{ ServiceUrl = {ServiceUrl ?? "(AWS)"}, Region = {Region}, TableName = {TableName}, " +
        $"Credentials = {(AccessKey is null && SecretKey is null ? "default chain" : "explicit (redacted)")}, " +
        $"CreateIfNotExists = {CreateIfNotExists}, UseProvisionedThroughput = {UseProvisionedThroughput}, " +
        $"CompressionThresholdBytes = {CompressionThresholdBytes}, MaxRetries = {MaxRetries}, InitStage = {InitStage} }}";
}
