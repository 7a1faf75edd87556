using Kickstarter.Connectors.Iceberg.Io;
using Microsoft.Extensions.Options;

namespace Kickstarter.Grains.Hosting;

/// <summary>
/// Checks <see cref="JobsOptions"/> when the host starts (<c>ValidateOnStart</c>): each message names the setting (its
/// configuration key), the rule and the value; the Schema Registry key and the Kafka properties, which may hold secrets,
/// are never quoted. The Kafka stream providers, the catalog and S3 check their own settings.
/// </summary>
internal sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            failures.Add("Kafka:BootstrapServers is required for the Kickstarter jobs (was empty).");
        }

        failures.AddRange(options.Serdes.Problems());
        // Which file IO and catalog the warehouse gets is chosen at registration; one that no catalog can commit in
        // (unknown scheme, Hadoop on S3) is refused here.
        var warehouse = WarehouseLocation.Problem(options.Warehouse)
            ?? WarehouseLocation.CatalogProblem(options.Warehouse, options.CatalogType);
        if (warehouse is not null)
        {
            failures.Add(warehouse);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
