namespace Kickstarter.Grains.Sinks;

/// <summary>What a prepared epoch wrote: data files per table, and the Kafka batch file.</summary>
internal sealed class StagingManifest
{
    public string Job { get; set; } = "";
    public long Epoch { get; set; }
    public Dictionary<string, List<DataFileDto>> Tables { get; set; } = [];
    /// <summary>Location (URI) of the Kafka batch file; the name is kept so older staging manifests still read.</summary>
    public string KafkaBatchPath { get; set; } = "";
    public long KafkaRecords { get; set; }
}
