using System.Net;
using Kickstarter.Connectors.DynamoDB;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Silo.Generator;
using Microsoft.Extensions.Configuration;

namespace Kickstarter.Silo.Configuration;

/// <summary>
/// Checks every setting before anything starts, so bad configuration stops the process with one message that names
/// the setting, instead of failing later somewhere inside.
/// </summary>
public static class StartupValidation
{
    /// <summary>Throws <see cref="StartupException"/> listing every invalid setting, on one line.</summary>
    public static void Validate(SiloSettings s)
    {
        var errors = new List<string>();
        var unknown = s.Kickstarter.EffectiveJobs.Where(job => !JobNames.All.Contains(job, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add($"Kickstarter:Jobs (old name Kickstarter:Apps) has unknown job(s) " +
                $"{string.Join(", ", unknown.Select(job => $"'{job}'"))}; known: {string.Join(", ", JobNames.All)}.");
        }

        if (s.Kickstarter.Duration is { } d && d <= TimeSpan.Zero)
        {
            errors.Add($"Kickstarter:Duration must be positive (was {d}).");
        }

        if (!(s.Generator.RatePerSecond > 0) || double.IsInfinity(s.Generator.RatePerSecond))
        {
            errors.Add($"Generator:RatePerSecond must be a positive number (was {s.Generator.RatePerSecond}).");
        }

        if (s.Generator.FlyerPoolSize < 1)
        {
            errors.Add($"Generator:FlyerPoolSize must be at least 1 (was {s.Generator.FlyerPoolSize}).");
        }

        if (s.Generator.Count is < 1)
        {
            errors.Add($"Generator:Count must be at least 1 when set (was {s.Generator.Count}).");
        }

        if (s.Kafka.Partitions < 1)
        {
            errors.Add($"Kafka:Partitions must be at least 1 (was {s.Kafka.Partitions}).");
        }

        if (s.Kafka.EmbeddedBrokers is < 1 or > 9)
        {
            errors.Add($"Kafka:EmbeddedBrokers must be between 1 and 9 (was {s.Kafka.EmbeddedBrokers}).");
        }

        if (!s.Kafka.IsEmbedded && s.Kafka.AnyAvro && string.IsNullOrWhiteSpace(s.SchemaRegistry.Url))
        {
            errors.Add("SchemaRegistry:Url is required with Kafka:BootstrapServers when Kafka:Format or a Kafka:TopicFormats " +
                "entry is Avro (was empty); or set Kafka:Format=Json.");
        }

        if (!string.IsNullOrWhiteSpace(s.SchemaRegistry.Url)
            && !(Uri.TryCreate(s.SchemaRegistry.Url.Split(',')[0].Trim(), UriKind.Absolute, out var registry)
                && registry.Scheme is "http" or "https"))
        {
            errors.Add($"SchemaRegistry:Url must be an http or https URL (was '{s.SchemaRegistry.Url}').");
        }

        if (s.Http.Port is < 0 or > 65535)
        {
            errors.Add($"Http:Port (--http-port) must be between 0 and 65535 (was {s.Http.Port}).");
        }

        if (!IPAddress.TryParse(s.Http.BindAddress, out _))
        {
            errors.Add($"Http:BindAddress must be an IP address (was '{s.Http.BindAddress}').");
        }

        if (s.Storage.Provider == StorageProvider.DynamoDB)
        {
            errors.AddRange(DynamoDBStorageProblems(s.DynamoDB));
        }

        if (s.Membership.Provider == MembershipProvider.Redis && string.IsNullOrWhiteSpace(s.Membership.Redis))
        {
            errors.Add("Membership:Redis must be set when Membership:Provider is Redis.");
        }

        if (s.Orleans.SiloPort is < 1 or > 65535 || s.Orleans.GatewayPort is < 1 or > 65535)
        {
            errors.Add($"Orleans:SiloPort and Orleans:GatewayPort must be between 1 and 65535 (were {s.Orleans.SiloPort} and {s.Orleans.GatewayPort}).");
        }

        if (s.Orleans.EffectiveAdvertisedIPAddress is { } advertised && !IPAddress.TryParse(advertised, out _))
        {
            errors.Add($"Orleans:AdvertisedIPAddress (or POD_IP) must be an IP address (was '{advertised}').");
        }

        if (string.IsNullOrWhiteSpace(s.Orleans.ClusterId) || string.IsNullOrWhiteSpace(s.Orleans.ServiceId))
        {
            errors.Add("Orleans:ClusterId and Orleans:ServiceId must not be empty.");
        }

        if (WarehouseLocation.Problem(s.Iceberg.Warehouse) is { } location)
        {
            errors.Add(location);
        }
        else if (WarehouseLocation.CatalogProblem(s.Iceberg.Warehouse, s.Iceberg.Catalog.Type) is { } catalog)
        {
            errors.Add(catalog);
        }
        else if (WarehouseLocation.IsLocal(s.Iceberg.Warehouse) && LocalWarehouseProblem(s.Iceberg.Warehouse) is { } problem)
        {
            errors.Add($"Iceberg:Warehouse (--warehouse) '{s.Iceberg.Warehouse}' is not writable: {problem}.");
        }

        if (errors.Count > 0)
        {
            throw new StartupException(string.Join(" ", errors));
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

    /// <summary>The DynamoDB grain storage's own rules, named by their configuration path.</summary>
    private static IEnumerable<string> DynamoDBStorageProblems(DynamoDBStorageOptions options) =>
        DynamoDBStorageOptionsValidator.Problems(options)
            // The serializer is set in code by SiloSetup, not by configuration.
            .Where(p => p.Property != nameof(DynamoDBStorageOptions.GrainStorageSerializer))
            .Select(p => $"Storage:DynamoDB:{p.Property.Replace(" and ", " and Storage:DynamoDB:", StringComparison.Ordinal)} {p.Rule}.");

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
