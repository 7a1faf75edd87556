using System.Net;
using Kickstarter.Silo.Generator;
using Kickstarter.Silo.Kafka;

namespace Kickstarter.Silo.Configuration;

/// <summary>
/// Checks every setting before anything starts, so bad configuration stops the process with one message that names
/// the setting, instead of failing later somewhere inside.
/// </summary>
public static class StartupValidation
{
    /// <summary>Throws <see cref="StartupException"/> listing every invalid setting.</summary>
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

        if (s.Http.Port is < 0 or > 65535)
        {
            errors.Add($"Http:Port (--http-port) must be between 0 and 65535 (was {s.Http.Port}).");
        }

        if (!IPAddress.TryParse(s.Http.BindAddress, out _))
        {
            errors.Add($"Http:BindAddress must be an IP address (was '{s.Http.BindAddress}').");
        }

        if (!string.Equals(s.Storage.Provider, "Memory", StringComparison.OrdinalIgnoreCase) &&
            !string.Equals(s.Storage.Provider, "DynamoDB", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Storage:Provider must be Memory or DynamoDB (was '{s.Storage.Provider}').");
        }

        if (string.Equals(s.Membership.Clustering, "Redis", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(s.Membership.Redis))
            {
                errors.Add("Orleans:Redis must be set when Orleans:Clustering is Redis.");
            }
        }
        else if (!string.Equals(s.Membership.Clustering, "Localhost", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Orleans:Clustering must be Localhost or Redis (was '{s.Membership.Clustering}').");
        }

        if (WarehouseProblem(s.Iceberg.Warehouse) is { } problem)
        {
            errors.Add($"Iceberg:Warehouse (--warehouse) '{s.Iceberg.Warehouse}' is not writable: {problem}.");
        }

        if (errors.Count > 0)
        {
            throw new StartupException(string.Join(Environment.NewLine, errors));
        }
    }

    private static string? WarehouseProblem(string warehouse)
    {
        if (string.IsNullOrWhiteSpace(warehouse))
        {
            return "it is empty";
        }

        try
        {
            var root = Path.GetFullPath(warehouse);
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

/// <summary>All settings of the silo, bound from configuration.</summary>
public sealed record SiloSettings(
    KickstarterOptions Kickstarter,
    KafkaOptions Kafka,
    IcebergOptions Iceberg,
    HttpOptions Http,
    StorageOptions Storage,
    MembershipOptions Membership,
    GeneratorOptions Generator);
