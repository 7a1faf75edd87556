using System.Globalization;

namespace Kickstarter.Benchmarks.Harness;

/// <summary>Command-line settings shared by the scenarios ("--name value" pairs); every figure reports them.</summary>
public sealed class BenchSettings
{
    /// <summary>Bookings preloaded (both airlines together); default: 1,000,000.</summary>
    public int Bookings { get; private set; } = 1_000_000;

    /// <summary>Flyer pool size (distinct emails the generator draws from); default: 100 (scale: 1,000,000).</summary>
    public int Flyers { get; private set; } = 100;

    /// <summary>Partitions of every topic; default: 16 (the mock broker keeps ~5 MB per partition).</summary>
    public int Partitions { get; private set; } = 16;

    /// <summary>Seed of the generator; default: 20261125.</summary>
    public int Seed { get; private set; } = 20261125;

    /// <summary>Committer:CommitInterval, and the bare loop's transaction interval; default: 10 s.</summary>
    public TimeSpan CommitInterval { get; private set; } = TimeSpan.FromSeconds(10);

    /// <summary>Event-time rate of a preload, per airline (sets the Kafka timestamps); default: 50,000/s.</summary>
    public double EventRatePerAirline { get; private set; } = 50_000;

    /// <summary>Live mode: bookings per second, both airlines together; default: 20,000.</summary>
    public double LiveRate { get; private set; } = 20_000;

    /// <summary>Live mode: seconds the generator runs; default: 120.</summary>
    public int Seconds { get; private set; } = 120;

    /// <summary>Scale: GrainCollectionOptions.CollectionAge for the deactivation pass; default: 30 s.</summary>
    public TimeSpan CollectionAge { get; private set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest a run may take before it is called failed; default: 15 minutes.</summary>
    public TimeSpan Timeout { get; private set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Experiment: Parquet codec of the four tables (pre-created with write.parquet.compression-codec); default: none
    /// (the product's default, zstd at Parquet.Net's SmallestSize level).
    /// </summary>
    public string? ParquetCodec { get; private set; }

    /// <summary>Experiment: grain state serializer of the memory storage, json (the product's default) or orleans; default: json.</summary>
    public string StorageSerializer { get; private set; } = "json";

    /// <summary>Where the JSON result goes; default: benchmark-results/&lt;scenario&gt;-&lt;utc time&gt;.json.</summary>
    public string? Out { get; private set; }

    /// <summary>Arguments not understood here (handed to BenchmarkDotNet by the micro scenario).</summary>
    public List<string> Rest { get; } = [];

    /// <summary>Whether an option was given explicitly.</summary>
    public HashSet<string> Given { get; } = new(StringComparer.Ordinal);

    public static BenchSettings Parse(IReadOnlyList<string> args)
    {
        var s = new BenchSettings();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"Option {name} needs a value.");
            switch (name)
            {
                case "--bookings": s.Bookings = Int(Value()); break;
                case "--flyers": s.Flyers = Int(Value()); break;
                case "--partitions": s.Partitions = Int(Value()); break;
                case "--seed": s.Seed = Int(Value()); break;
                case "--commit-interval": s.CommitInterval = TimeSpan.FromSeconds(Double(Value())); break;
                case "--event-rate": s.EventRatePerAirline = Double(Value()); break;
                case "--rate": s.LiveRate = Double(Value()); break;
                case "--seconds": s.Seconds = Int(Value()); break;
                case "--collection-age": s.CollectionAge = TimeSpan.FromSeconds(Double(Value())); break;
                case "--timeout": s.Timeout = TimeSpan.FromSeconds(Double(Value())); break;
                case "--out": s.Out = Value(); break;
                case "--parquet-codec": s.ParquetCodec = Value(); break;
                case "--storage-serializer": s.StorageSerializer = Value(); break;
                default: s.Rest.Add(name); continue;
            }

            s.Given.Add(name);
        }

        if (s.StorageSerializer is not ("json" or "orleans"))
        {
            throw new ArgumentException("--storage-serializer must be json or orleans.");
        }

        if (s.Bookings < 2 || s.Flyers < 1 || s.Partitions < 1 || s.LiveRate <= 0 || s.Seconds < 1 || s.EventRatePerAirline <= 0)
        {
            throw new ArgumentException("--bookings must be at least 2; --flyers, --partitions, --seconds at least 1; rates positive.");
        }

        return s;
    }

    /// <summary>Scale defaults: a pool of 1,000,000 flyers unless --flyers says otherwise.</summary>
    public BenchSettings ForScale()
    {
        if (!Given.Contains("--flyers"))
        {
            Flyers = 1_000_000;
        }

        if (!Given.Contains("--bookings"))
        {
            Bookings = 500_000;
        }

        return this;
    }

    /// <summary>The settings as they go into every report.</summary>
    public Dictionary<string, string> Describe() => new(StringComparer.Ordinal)
    {
        ["bookings"] = Bookings.ToString(CultureInfo.InvariantCulture),
        ["flyers"] = Flyers.ToString(CultureInfo.InvariantCulture),
        ["partitions_per_topic"] = Partitions.ToString(CultureInfo.InvariantCulture),
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["commit_interval_s"] = CommitInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        ["event_rate_per_airline"] = EventRatePerAirline.ToString(CultureInfo.InvariantCulture),
        ["exactly_once"] = "on (aligned epochs, transactional Kafka output, Iceberg commit per epoch)",
        ["kafka"] = "librdkafka mock cluster in-process, 1 broker, zstd on every producer",
        ["grain_storage"] = $"memory, {StorageSerializer} state serializer",
        ["parquet_codec"] = ParquetCodec ?? "zstd (product default)",
    };

    private static int Int(string v) => int.Parse(v.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static double Double(string v) => double.Parse(v.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
}
