using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Kickstarter.Connectors.Iceberg.Options;

/// <summary>
/// Checks <see cref="IcebergCatalogOptions"/> at start-up: each failure is one line naming the setting (its
/// configuration path), the rule and the value, except secrets, whose values are never quoted.
/// </summary>
internal sealed partial class IcebergCatalogOptionsValidator : IValidateOptions<IcebergCatalogOptions>
{
    private const string Section = IcebergCatalogOptions.SectionName;
    private static readonly TimeSpan MaxRetryBaseDelay = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, IcebergCatalogOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Type))
        {
            failures.Add($"{Section}:Type must be Hadoop, DynamoDb or Rest (was '{options.Type}').");
        }

        switch (options.Type)
        {
            case IcebergCatalogType.Hadoop:
                if (string.IsNullOrWhiteSpace(options.Warehouse))
                {
                    failures.Add($"{Section}:Warehouse must not be empty for the Hadoop catalog (was '{options.Warehouse}').");
                }

                break;
            case IcebergCatalogType.DynamoDb:
                ValidateWarehouseUri(options.Warehouse, failures);
                ValidateDynamoDb(options.DynamoDb, failures);
                break;
            case IcebergCatalogType.Rest:
                ValidateRest(options.Rest, failures);
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateWarehouseUri(string? warehouse, List<string> failures)
    {
        // Shared by hosts that share no disk: the location must say which store it is on.
        if (string.IsNullOrWhiteSpace(warehouse) || !Uri.TryCreate(warehouse, UriKind.Absolute, out var uri) || uri.Scheme.Length < 2)
        {
            failures.Add($"{Section}:Warehouse must be an absolute URI such as s3://bucket/warehouse or file:///data/warehouse for the " +
                $"DynamoDb catalog (was '{warehouse}').");
        }
    }

    private static void ValidateDynamoDb(DynamoDbCatalogOptions dynamo, List<string> failures)
    {
        const string prefix = Section + ":DynamoDb:";
        var table = dynamo.TableName ?? "";
        if (table.Length < DynamoDbCatalogOptions.MinTableNameLength || table.Length > DynamoDbCatalogOptions.MaxTableNameLength
            || !TableNamePattern().IsMatch(table))
        {
            failures.Add($"{prefix}TableName must be {DynamoDbCatalogOptions.MinTableNameLength} to " +
                $"{DynamoDbCatalogOptions.MaxTableNameLength} letters, digits, '_', '-' or '.' (was '{table}').");
        }

        if (string.IsNullOrWhiteSpace(dynamo.Region))
        {
            failures.Add($"{prefix}Region must not be empty (was '{dynamo.Region}').");
        }

        if (dynamo.ServiceUrl is not null && !IsHttpUrl(dynamo.ServiceUrl))
        {
            failures.Add($"{prefix}ServiceUrl must be an absolute http or https URL when set (was '{dynamo.ServiceUrl}').");
        }

        if (string.IsNullOrEmpty(dynamo.AccessKey) != string.IsNullOrEmpty(dynamo.SecretKey))
        {
            failures.Add(
                $"{prefix}AccessKey and {prefix}SecretKey must be set together or both left empty (one is set; values not shown).");
        }

        ValidateRetries(
            prefix, dynamo.MaxRetries, DynamoDbCatalogOptions.MaxRetriesLimit, dynamo.RetryBaseDelay, dynamo.RequestTimeout, failures);
    }

    private static void ValidateRest(RestCatalogOptions rest, List<string> failures)
    {
        const string prefix = Section + ":Rest:";
        if (string.IsNullOrWhiteSpace(rest.Uri) || !IsHttpUrl(rest.Uri))
        {
            failures.Add($"{prefix}Uri must be an absolute http or https URL (was '{rest.Uri}').");
        }

        if (!Enum.IsDefined(rest.Auth))
        {
            failures.Add($"{prefix}Auth must be None, OAuth2 or SigV4 (was '{rest.Auth}').");
        }

        switch (rest.Auth)
        {
            case Options.RestCatalogAuthType.OAuth2:
                if (string.IsNullOrWhiteSpace(rest.ClientId))
                {
                    failures.Add($"{prefix}ClientId must be set when Auth is OAuth2 (was '{rest.ClientId}').");
                }

                if (string.IsNullOrEmpty(rest.ClientSecret))
                {
                    failures.Add($"{prefix}ClientSecret must be set when Auth is OAuth2 (it is empty).");
                }

                if (rest.OAuth2ServerUri is not null && !IsHttpUrl(rest.OAuth2ServerUri))
                {
                    failures.Add($"{prefix}OAuth2ServerUri must be an absolute http or https URL when set (was '{rest.OAuth2ServerUri}').");
                }

                if (string.IsNullOrWhiteSpace(rest.Scope))
                {
                    failures.Add($"{prefix}Scope must not be empty when Auth is OAuth2 (was '{rest.Scope}').");
                }

                break;
            case Options.RestCatalogAuthType.SigV4:
                if (string.IsNullOrWhiteSpace(rest.SigningRegion))
                {
                    failures.Add($"{prefix}SigningRegion must be set when Auth is SigV4 (was '{rest.SigningRegion}').");
                }

                if (string.IsNullOrWhiteSpace(rest.SigningName))
                {
                    failures.Add($"{prefix}SigningName must be set when Auth is SigV4, e.g. glue or s3tables (was '{rest.SigningName}').");
                }

                if (string.IsNullOrEmpty(rest.AccessKey) != string.IsNullOrEmpty(rest.SecretKey))
                {
                    failures.Add(
                        $"{prefix}AccessKey and {prefix}SecretKey must be set together or both left empty (one is set; values not shown).");
                }

                if (!string.IsNullOrEmpty(rest.SessionToken) && string.IsNullOrEmpty(rest.AccessKey))
                {
                    failures.Add($"{prefix}SessionToken needs {prefix}AccessKey and {prefix}SecretKey (values not shown).");
                }

                break;
        }

        if (!string.IsNullOrEmpty(rest.Token) && rest.Auth != Options.RestCatalogAuthType.None)
        {
            failures.Add($"{prefix}Token is used only when Auth is None (Auth was '{rest.Auth}'; value not shown).");
        }

        ValidateRetries(prefix, rest.MaxRetries, 20, rest.RetryBaseDelay, rest.RequestTimeout, failures);
    }

    private static void ValidateRetries(
        string prefix, int maxRetries, int limit, TimeSpan baseDelay, TimeSpan timeout, List<string> failures)
    {
        if (maxRetries < 0 || maxRetries > limit)
        {
            failures.Add($"{prefix}MaxRetries must be between 0 and {limit} (was {maxRetries}).");
        }

        if (baseDelay <= TimeSpan.Zero || baseDelay > MaxRetryBaseDelay)
        {
            failures.Add($"{prefix}RetryBaseDelay must be greater than zero and at most 1 minute (was {baseDelay}).");
        }

        if (timeout <= TimeSpan.Zero || timeout > MaxRequestTimeout)
        {
            failures.Add($"{prefix}RequestTimeout must be greater than zero and at most 5 minutes (was {timeout}).");
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    // DynamoDB's own rule for table names.
    [GeneratedRegex("^[a-zA-Z0-9_.-]*$")]
    private static partial Regex TableNamePattern();
}
