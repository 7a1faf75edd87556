using Kickstarter.Grains.Hosting;
using Kickstarter.Grains.Jobs;

namespace Kickstarter.Silo.Configuration;

/// <summary>Which jobs this process runs and for how long (section <c>Kickstarter</c>).</summary>
public sealed class KickstarterOptions
{
    public const string Section = "Kickstarter";

    /// <summary>Jobs to run (<c>--jobs</c>), any of Generator, Consolidator, FlyerStats; default: all three.</summary>
    public List<string> Jobs { get; set; } = [];

    /// <summary>The old name of <see cref="Jobs"/> (<c>Kickstarter:Apps</c>, <c>--apps</c>), still read; default: none.</summary>
    public List<string> Apps { get; set; } = [];

    /// <summary>Stop after this long, after a final commit (<c>--duration 30s</c>); default: run until Ctrl+C.</summary>
    public TimeSpan? Duration { get; set; }

    /// <summary>
    /// The jobs listed under <see cref="Jobs"/> and <see cref="Apps"/>, with the default (all) applied. Entries may hold
    /// comma-separated names (see <see cref="JobSelection"/>).
    /// </summary>
    public IReadOnlyList<string> EffectiveJobs
    {
        get
        {
            var jobs = JobSelection.Split([.. Jobs, .. Apps]);
            return jobs.Count == 0 ? JobNames.All : jobs;
        }
    }

    public bool Runs(string job) => EffectiveJobs.Contains(job, StringComparer.OrdinalIgnoreCase);
}

/// <summary>Names accepted by <c>Kickstarter:Jobs</c>: the Generator and every job of the catalog.</summary>
public static class JobNames
{
    /// <summary>The Data Generator, which this process runs itself (Silo/Generator).</summary>
    public const string Generator = "Generator";

    public static IReadOnlyList<string> All { get; } = [Generator, .. JobCatalog.All.Select(job => job.SettingName)];
}

/// <summary>Kafka connection (section <c>Kafka</c>).</summary>
public sealed class KafkaOptions
{
    public const string Section = "Kafka";

    /// <summary>Bootstrap servers of a real cluster; default: empty, which starts the embedded cluster in-process.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>Partitions of each topic the silo creates; default: 8.</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Brokers of the embedded cluster; default: 1.</summary>
    public int EmbeddedBrokers { get; set; } = 1;

    /// <summary>Extra librdkafka properties for every client (e.g. security.protocol); default: none.</summary>
    public Dictionary<string, string> Properties { get; set; } = [];

    public bool IsEmbedded => string.IsNullOrWhiteSpace(BootstrapServers);
}

/// <summary>Iceberg warehouse (section <c>Iceberg</c>).</summary>
public sealed class IcebergOptions
{
    public const string Section = "Iceberg";

    /// <summary>Root folder of the Hadoop-layout warehouse (<c>--warehouse</c>); default: ./warehouse.</summary>
    public string Warehouse { get; set; } = "warehouse";
}

/// <summary>HTTP endpoint of the stats API and the dashboard (section <c>Http</c>).</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>Port (<c>--http-port</c>); default: 8080. 0 picks a free port.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>Address to bind; default: 127.0.0.1 (loopback only). Containers set 0.0.0.0.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";
}

/// <summary>Grain state storage (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Memory or DynamoDB; default: Memory.</summary>
    public string Provider { get; set; } = "Memory";
}

/// <summary>Orleans cluster membership (section <c>Orleans</c>).</summary>
public sealed class MembershipOptions
{
    public const string Section = "Orleans";

    /// <summary>Localhost (one silo) or Redis; default: Localhost.</summary>
    public string Clustering { get; set; } = "Localhost";

    /// <summary>Redis connection string for Redis clustering; default: empty.</summary>
    public string Redis { get; set; } = "";

    /// <summary>Silo-to-silo port; default: 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port; default: 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Cluster id; default: kickstarter.</summary>
    public string ClusterId { get; set; } = "kickstarter";

    /// <summary>Service id (keys grain state); default: kickstarter.</summary>
    public string ServiceId { get; set; } = "kickstarter";
}
