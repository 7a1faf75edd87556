namespace Kickstarter.Connectors.Iceberg.Options;

/// <summary>Settings of the DynamoDB catalog (configuration section <c>Iceberg:Catalog:DynamoDb</c>).</summary>
public sealed class DynamoDbCatalogOptions
{
    /// <summary>Smallest table name DynamoDB accepts.</summary>
    public const int MinTableNameLength = 3;

    /// <summary>Largest table name DynamoDB accepts.</summary>
    public const int MaxTableNameLength = 255;

    /// <summary>Upper bound of <see cref="MaxRetries"/>: beyond it a caller waits minutes on a dead endpoint.</summary>
    public const int MaxRetriesLimit = 20;

    /// <summary>
    /// DynamoDB table holding one item per namespace and per Iceberg table; Apache Iceberg's
    /// <c>dynamodb.table-name</c>. default: "iceberg"
    /// </summary>
    public string TableName { get; set; } = "iceberg";

    /// <summary>AWS region; also the signing region when <see cref="ServiceUrl"/> is set. default: "us-east-1"</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Endpoint of a DynamoDB-compatible service (dynalite, DynamoDB Local); null talks to AWS in <see cref="Region"/>.
    /// default: null</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Access key id; set with <see cref="SecretKey"/>, or leave both empty for the default AWS credential chain.
    /// default: null</summary>
    [Redact]
    public string? AccessKey { get; set; }

    /// <summary>Secret access key paired with <see cref="AccessKey"/>; never logged. default: null</summary>
    [Redact]
    public string? SecretKey { get; set; }

    /// <summary>Create the catalog table (on-demand billing, Iceberg's key schema and index) when it does not exist.
    /// default: true</summary>
    public bool CreateTableIfNotExists { get; set; } = true;

    /// <summary>
    /// Retries of a request that was throttled, answered 5xx or failed on the network, with exponential backoff and
    /// jitter; an ambiguous commit is read back before each retry. default: 5
    /// </summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Delay before the first retry; each further retry doubles it (with jitter, capped at 5 s). default: 100 ms</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Time one DynamoDB request may take before it counts as failed (and a commit as ambiguous). default: 10 seconds</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Test seam: adjusts the AWS client configuration (e.g. an HttpClientFactory) before the client is built.</summary>
    internal Action<Amazon.DynamoDBv2.AmazonDynamoDBConfig>? ConfigureClient { get; set; }

    /// <summary>Describes the settings without the credentials.</summary>
    public override string ToString() =>
        $"DynamoDbCatalogOptions {{ TableName = {TableName}, Region = {Region}, ServiceUrl = {ServiceUrl ?? "(AWS)"}, " +
        $"Credentials = {(string.IsNullOrEmpty(AccessKey) && string.IsNullOrEmpty(SecretKey)
            ? "default chain" : "explicit (redacted)")}, " +
        $"CreateTableIfNotExists = {CreateTableIfNotExists}, MaxRetries = {MaxRetries}, RetryBaseDelay = {RetryBaseDelay}, " +
        $"RequestTimeout = {RequestTimeout} }}";
}
