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
                    $"{problem.Rule}{(problem.Value is null ? "" : $" (was {problem.Value})")}."));
        }

        return OptionsFailures.Result(failures);
    }
}
