using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Kickstarter.Connectors.DynamoDB;

/// <summary>
/// Checks the <see cref="DynamoDBStorageOptions"/> of the grain storage named <paramref name="providerName"/> when the
/// host starts (<c>ValidateOnStart</c>). Each message names the property, the rule, the provider and the value, and never
/// quotes a credential. <see cref="Problems"/> exposes the same rules to a host that validates its configuration before
/// Orleans starts (the Kickstarter silo prefixes them with its configuration path).
/// </summary>
public sealed partial class DynamoDBStorageOptionsValidator(string providerName) : IValidateOptions<DynamoDBStorageOptions>
{
    private static readonly TimeSpan MaxRetryBaseDelay = TimeSpan.FromMinutes(1);

    /// <summary>Every broken rule of the options named <paramref name="name"/>; skips other providers' options.</summary>
    public ValidateOptionsResult Validate(string? name, DynamoDBStorageOptions options)
    {
        if (!string.Equals(name, providerName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = Problems(options)
            .Select(problem => $"{problem.Property} {problem.Rule} for the DynamoDB grain storage '{providerName}'" +
                (problem.Value is null ? "." : $" (was {problem.Value})."))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// Every broken rule as (property, rule, value), in a stable order; empty when the options are valid. The value is
    /// quoted as the message shows it, or null where it is not shown (credentials, the serializer).
    /// </summary>
    public static IReadOnlyList<(string Property, string Rule, string? Value)> Problems(DynamoDBStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<(string Property, string Rule, string? Value)>();
        void Fail(string property, string rule) => problems.Add((property, rule, ValueOf(options, property)));

        var tableName = options.TableName ?? "";
        if (tableName.Length < DynamoDBStorageOptions.MinTableNameLength)
        {
            Fail(nameof(options.TableName), $"must be at least {DynamoDBStorageOptions.MinTableNameLength} characters");
        }

        if (tableName.Length > DynamoDBStorageOptions.MaxTableNameLength)
        {
            Fail(nameof(options.TableName), $"must be at most {DynamoDBStorageOptions.MaxTableNameLength} characters");
        }

        if (!TableNamePattern().IsMatch(tableName))
        {
            Fail(nameof(options.TableName), "may contain only letters, digits, '_', '-' and '.'");
        }

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            Fail(nameof(options.Region), "must not be empty");
        }

        if (options.ServiceUrl is not null && !IsHttpUrl(options.ServiceUrl))
        {
            Fail(nameof(options.ServiceUrl), "must be an absolute http or https URL when set");
        }

        // Both or neither: one without the other is a half-finished configuration, not a request for the default chain.
        if (string.IsNullOrEmpty(options.AccessKey) != string.IsNullOrEmpty(options.SecretKey))
        {
            Fail($"{nameof(options.AccessKey)} and {nameof(options.SecretKey)}", "must be set together or both left empty");
        }

        if (options.UseProvisionedThroughput)
        {
            if (options.ReadCapacityUnits < 1)
            {
                Fail(nameof(options.ReadCapacityUnits), "must be at least 1 when UseProvisionedThroughput is true");
            }

            if (options.WriteCapacityUnits < 1)
            {
                Fail(nameof(options.WriteCapacityUnits), "must be at least 1 when UseProvisionedThroughput is true");
            }
        }

        if (options.CompressionThresholdBytes < 0)
        {
            Fail(nameof(options.CompressionThresholdBytes), "must be at least 0 (0 disables compression)");
        }

        if (options.MaxRetries < 0 || options.MaxRetries > DynamoDBStorageOptions.MaxRetriesLimit)
        {
            Fail(nameof(options.MaxRetries), $"must be between 0 and {DynamoDBStorageOptions.MaxRetriesLimit}");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryBaseDelay > MaxRetryBaseDelay)
        {
            Fail(nameof(options.RetryBaseDelay), "must be greater than zero and at most 1 minute");
        }

        if (options.GrainStorageSerializer is null)
        {
            Fail(nameof(options.GrainStorageSerializer), "must be set (register an IGrainStorageSerializer)");
        }

        return problems;
    }

    // An allow list, not reflection: AccessKey and SecretKey must never be quoted, and a new property stays unquoted
    // until someone decides it is not a secret.
    private static string? ValueOf(DynamoDBStorageOptions options, string property) => property switch
    {
        nameof(DynamoDBStorageOptions.TableName) => $"'{options.TableName}'",
        nameof(DynamoDBStorageOptions.Region) => $"'{options.Region}'",
        nameof(DynamoDBStorageOptions.ServiceUrl) => $"'{options.ServiceUrl}'",
        nameof(DynamoDBStorageOptions.ReadCapacityUnits) => Invariant(options.ReadCapacityUnits),
        nameof(DynamoDBStorageOptions.WriteCapacityUnits) => Invariant(options.WriteCapacityUnits),
        nameof(DynamoDBStorageOptions.CompressionThresholdBytes) => Invariant(options.CompressionThresholdBytes),
        nameof(DynamoDBStorageOptions.MaxRetries) => Invariant(options.MaxRetries),
        nameof(DynamoDBStorageOptions.RetryBaseDelay) => options.RetryBaseDelay.ToString("c", CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    // DynamoDB's own rule for table names (lengths are checked separately for clearer messages).
    [GeneratedRegex("^[a-zA-Z0-9_.-]*$")]
    private static partial Regex TableNamePattern();
}
