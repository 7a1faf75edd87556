using Kickstarter.Connectors.Iceberg.Hosting;
using Kickstarter.Connectors.Iceberg.Io;
using Microsoft.Extensions.Configuration;

namespace Kickstarter.Silo.Configuration;

/// <summary>
/// Checks every setting before anything starts, so bad configuration stops the process with one message that names
/// the setting, instead of failing later somewhere inside. The rules are the options validators'; what is left here
/// are the checks no validator of one section can make: retired keys, a probe write into a local warehouse, the
/// Schema Registry a Kafka of one's own needs for Avro records, and (<see cref="ProbeWarehouseAsync"/>) whether an S3
/// warehouse and a DynamoDB or REST catalog answer.
/// </summary>
public static class StartupValidation
{
    /// <summary>
    /// Throws <see cref="StartupException"/> listing every invalid setting, on one line: the options validators'
    /// messages (<see cref="SiloOptionsRegistration.Failures"/>), then whether a local warehouse can be written.
    /// </summary>
    public static void Validate(SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = SiloOptionsRegistration.Failures(settings).ToList();
        // Probed only for a warehouse the validators accept: a probe of a location with a bad scheme means nothing.
        var warehouse = settings.Iceberg.Warehouse;
        if (new IcebergOptionsValidator().Validate(null, settings.Iceberg).Succeeded
            && WarehouseLocation.IsLocal(warehouse)
            && LocalWarehouseProblem(warehouse) is { } problem)
        {
            errors.Add($"Iceberg:Warehouse (--warehouse) '{warehouse}' is not writable: {problem}.");
        }

        // Across two sections, so not one validator's: records in Avro on a Kafka of one's own need that Kafka's registry.
        if (!settings.Kafka.IsEmbedded && settings.Kafka.AnyAvro && string.IsNullOrWhiteSpace(settings.SchemaRegistry.Url))
        {
            errors.Add("SchemaRegistry:Url is required with Kafka:BootstrapServers when Kafka:Format or a Kafka:TopicFormats " +
                "entry is Avro (was empty); or set Kafka:Format=Json.");
        }

        if (!string.IsNullOrWhiteSpace(settings.SchemaRegistry.Url)
            && !(Uri.TryCreate(settings.SchemaRegistry.Url.Split(',')[0].Trim(), UriKind.Absolute, out var registry)
                && registry.Scheme is "http" or "https"))
        {
            errors.Add($"SchemaRegistry:Url must be an http or https URL (was '{settings.SchemaRegistry.Url}').");
        }

        if (errors.Count > 0)
        {
            throw new StartupException(string.Join(" ", errors));
        }
    }

    /// <summary>
    /// Probes the S3 warehouse and the DynamoDB or REST catalog the valid settings name (<see cref="IcebergStartupProbe"/>:
    /// bucket, listing and a probe object under the prefix; the catalog table or the REST catalog's config), with
    /// bounded retries and timeouts. Throws <see cref="StartupException"/> with one line naming the setting.
    /// </summary>
    public static async Task ProbeWarehouseAsync(SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var iceberg = settings.Iceberg;
        if (await IcebergStartupProbe.ProblemAsync(iceberg.Warehouse, iceberg.Catalog, iceberg.S3, CancellationToken.None) is { } problem)
        {
            throw new StartupException(problem);
        }
    }

    /// <summary>
    /// Settings that older versions read and this one does not, with where they went: a deployment written for an
    /// older version stops with a message that says what to change, instead of silently running with a default.
    /// <c>Orleans:Clustering</c> holding a plain value also stops Orleans itself (it is Orleans' provider section).
    /// </summary>
    public static void RejectRetiredSettings(IConfiguration configuration)
    {
        var clustering = configuration.GetSection("Orleans:Clustering");
        if (clustering.Value is { } value)
        {
            throw new StartupException(
                $"Orleans:Clustering='{value}' is not read any more (Orleans reads that key as its own provider section): " +
                "set Membership:Provider (Localhost or Redis) and Membership:Redis instead, " +
                "or Orleans' own Orleans:Clustering:ProviderType and Orleans:Clustering:ConnectionString.");
        }

        if (!string.IsNullOrEmpty(configuration["Orleans:Redis"]))
        {
            throw new StartupException("Orleans:Redis is not read any more: set Membership:Redis (and Membership:Provider=Redis) instead.");
        }
    }

    /// <summary>Probes a local warehouse folder by writing a file; an S3 warehouse is checked by its first write.</summary>
    private static string? LocalWarehouseProblem(string warehouse)
    {
        try
        {
            var root = LocalFileIO.ToPath(WarehouseLocation.ToLocation(warehouse));
            Directory.CreateDirectory(root);
            var probe = Path.Combine(root, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return ex.Message;
        }
    }
}
