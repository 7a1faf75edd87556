namespace Kickstarter.Connectors.DynamoDB;

/// <summary>
/// The storage could not start: its table could not be checked or created (no credentials, endpoint unreachable,
/// access denied, retries exhausted). The message names the provider, the table, the endpoint and the region, and
/// the first line of the cause; never a credential.
/// </summary>
public sealed class DynamoDBStorageUnavailableException : DynamoDBGrainStorageException
{
    /// <summary>Creates the exception for one provider.</summary>
    public DynamoDBStorageUnavailableException(string providerName, string tableName, string endpoint, string region, Exception cause)
        : base($"DynamoDB grain storage '{providerName}' cannot use table '{tableName}' at {endpoint} (region {region}): " +
               FirstLine(cause.Message), cause)
    {
    }

    private static string FirstLine(string text) =>
        text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
}
