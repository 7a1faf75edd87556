using Kickstarter.Connectors.DynamoDB;
using Microsoft.Extensions.Options;

namespace Kickstarter.Silo.Configuration;

/// <summary>
/// Checks <see cref="StorageOptions"/>: with DynamoDB, the storage's own rules named by their configuration path and
/// followed by the value (<c>Storage:DynamoDB:TableName must be at least 3 characters (was 'x')</c>); never the value
/// of a credential. Nothing is checked for memory storage.
/// </summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (options.Provider == StorageProvider.DynamoDB)
        {
            var dynamo = options.DynamoDB;
            failures.AddRange(DynamoDBStorageOptionsValidator.Problems(dynamo)
                // The serializer is set in code by SiloSetup, not by configuration.
                .Where(problem => problem.Property != nameof(DynamoDBStorageOptions.GrainStorageSerializer))
                .Select(problem =>
                    $"Storage:DynamoDB:{problem.Property.Replace(" and ", " and Storage:DynamoDB:", StringComparison.Ordinal)} " +
                    $"{problem.Rule}{ValueOf(dynamo, problem.Property)}."));
        }

        return OptionsFailures.Result(failures);
    }

    // An allow list, not reflection: AccessKey and SecretKey must never be quoted, and a new property stays unquoted
    // until someone decides it is not a secret.
    private static string ValueOf(DynamoDBStorageOptions options, string property) => property switch
    {
        nameof(DynamoDBStorageOptions.TableName) => $" (was '{options.TableName}')",
        nameof(DynamoDBStorageOptions.Region) => $" (was '{options.Region}')",
        nameof(DynamoDBStorageOptions.ServiceUrl) => $" (was '{options.ServiceUrl}')",
        nameof(DynamoDBStorageOptions.ReadCapacityUnits) => $" (was {options.ReadCapacityUnits})",
        nameof(DynamoDBStorageOptions.WriteCapacityUnits) => $" (was {options.WriteCapacityUnits})",
        nameof(DynamoDBStorageOptions.CompressionThresholdBytes) => $" (was {options.CompressionThresholdBytes})",
        nameof(DynamoDBStorageOptions.MaxRetries) => $" (was {options.MaxRetries})",
        nameof(DynamoDBStorageOptions.RetryBaseDelay) => $" (was {options.RetryBaseDelay})",
        _ => "",
    };
}
