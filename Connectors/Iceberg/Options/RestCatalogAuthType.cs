namespace Kickstarter.Connectors.Iceberg.Options;

/// <summary>How the REST catalog client authenticates.</summary>
public enum RestCatalogAuthType
{
    /// <summary>No Authorization header, or the static <see cref="RestCatalogOptions.Token"/> as a bearer token when set.</summary>
    None,

    /// <summary>OAuth2 client credentials exchanged for a bearer token (Polaris, Snowflake Open Catalog), refreshed before it
    /// expires.</summary>
    OAuth2,

    /// <summary>AWS Signature Version 4 on every request (AWS Glue's Iceberg REST endpoint, S3 Tables).</summary>
    SigV4,
}
