namespace Kickstarter.Connectors.Iceberg.Options;

/// <summary>Settings of the Iceberg REST catalog client (configuration section <c>Iceberg:Catalog:Rest</c>).</summary>
public sealed class RestCatalogOptions
{
    /// <summary>
    /// Base URI of the catalog, without the <c>/v1</c> part: e.g. "https://glue.us-east-1.amazonaws.com/iceberg",
    /// "https://s3tables.us-east-1.amazonaws.com/iceberg", "https://&lt;account&gt;.snowflakecomputing.com/polaris/api/catalog".
    /// default: null (required when the catalog type is Rest)
    /// </summary>
    public string? Uri { get; set; }

    /// <summary>
    /// Warehouse sent to <c>GET /v1/config</c> (Glue: the account id or "account:s3tablescatalog/bucket"; S3 Tables: the
    /// table bucket ARN; Polaris: the catalog name). default: null
    /// </summary>
    public string? Warehouse { get; set; }

    /// <summary>Path prefix used when the server's config does not override it. default: null</summary>
    public string? Prefix { get; set; }

    /// <summary>Authentication scheme. default: None</summary>
    public RestCatalogAuthType Auth { get; set; } = RestCatalogAuthType.None;

    /// <summary>OAuth2 client id (Auth = OAuth2). default: null</summary>
    public string? ClientId { get; set; }

    /// <summary>OAuth2 client secret (Auth = OAuth2); never logged. default: null</summary>
    [Redact]
    public string? ClientSecret { get; set; }

    /// <summary>OAuth2 scope (Polaris uses "PRINCIPAL_ROLE:ALL"). default: "catalog"</summary>
    public string Scope { get; set; } = "catalog";

    /// <summary>OAuth2 token endpoint; null uses the catalog's own <c>/v1/oauth/tokens</c>. default: null</summary>
    public string? OAuth2ServerUri { get; set; }

    /// <summary>A static bearer token used when Auth is None; never logged. default: null</summary>
    [Redact]
    public string? Token { get; set; }

    /// <summary>SigV4 signing region (Auth = SigV4). default: "us-east-1"</summary>
    public string SigningRegion { get; set; } = "us-east-1";

    /// <summary>SigV4 signing name: "glue" for AWS Glue, "s3tables" for S3 Tables (Auth = SigV4). default: "glue"</summary>
    public string SigningName { get; set; } = "glue";

    /// <summary>AWS access key id for SigV4; set with <see cref="SecretKey"/>, or leave both empty for the AWS default credential chain.
    /// default: null</summary>
    [Redact]
    public string? AccessKey { get; set; }

    /// <summary>AWS secret access key for SigV4; never logged. default: null</summary>
    [Redact]
    public string? SecretKey { get; set; }

    /// <summary>AWS session token for temporary credentials; never logged. default: null</summary>
    [Redact]
    public string? SessionToken { get; set; }

    /// <summary>Time one HTTP request may take; a commit that times out is checked by reloading the table. default: 30 seconds</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Retries of reads answered 429, 502, 503 or 504 or failing on the network, and of commits proven not applied. default: 3
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Delay before the first retry; doubled each time (with jitter, capped at 5 s). default: 200 ms</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Describes the settings without the secrets.</summary>
    public override string ToString() =>
        $"RestCatalogOptions {{ Uri = {Uri}, Warehouse = {Warehouse}, Prefix = {Prefix}, Auth = {Auth}, ClientId = {ClientId}, " +
        $"ClientSecret = {(string.IsNullOrEmpty(ClientSecret) ? "(none)" : "(redacted)")}, " +
        $"Token = {(string.IsNullOrEmpty(Token) ? "(none)" : "(redacted)")}, " +
        $"SigningRegion = {SigningRegion}, SigningName = {SigningName}, " +
        $"AwsCredentials = {(string.IsNullOrEmpty(AccessKey) ? "default chain" : "explicit (redacted)")}, " +
        $"RequestTimeout = {RequestTimeout}, MaxRetries = {MaxRetries} }}";
}
