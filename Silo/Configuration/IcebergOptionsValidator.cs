using Kickstarter.Connectors.Iceberg.Io;
using Microsoft.Extensions.Options;

namespace Kickstarter.Silo.Configuration;

/// <summary>
/// Checks <see cref="IcebergOptions"/>: the warehouse's scheme, and a catalog that can commit atomically on it. The
/// catalog's and S3's own settings have their validators in the Iceberg connector. Whether a local warehouse is
/// writable is probed once before start (<see cref="StartupValidation"/>), not by a validator.
/// </summary>
internal sealed class IcebergOptionsValidator : IValidateOptions<IcebergOptions>
{
    public ValidateOptionsResult Validate(string? name, IcebergOptions options)
    {
        var failures = new List<string>();
        if (WarehouseLocation.Problem(options.Warehouse) is { } location)
        {
            failures.Add(location);
        }
        else if (WarehouseLocation.CatalogProblem(options.Warehouse, options.Catalog.Type) is { } catalog)
        {
            failures.Add(catalog);
        }

        return OptionsFailures.Result(failures);
    }
}
