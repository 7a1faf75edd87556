namespace Kickstarter.Grains.Hosting;

/// <summary>Where the pipeline's grains read from and write to.</summary>
public sealed class PipelineOptions
{
    /// <summary>Kafka bootstrap servers (required).</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>Extra librdkafka properties for every client the pipeline makes; default: none.</summary>
    public Dictionary<string, string> KafkaProperties { get; set; } = [];

    /// <summary>Root of the Iceberg warehouse (Hadoop layout); default: ./warehouse.</summary>
    public string Warehouse { get; set; } = "warehouse";

    /// <summary>Run the Flight Consolidator's stream provider and committer on this silo; default: true.</summary>
    public bool RunConsolidator { get; set; } = true;

    /// <summary>Run the Flyer Stats stream provider and committer on this silo; default: true.</summary>
    public bool RunFlyerStats { get; set; } = true;

    /// <summary>Records one receiver hands out per poll; default: 5000.</summary>
    public int MaxRecordsPerPoll { get; set; } = 5000;

    /// <summary>Partitions per topic, when known; default: read from the cluster.</summary>
    public int? Partitions { get; set; }
}
