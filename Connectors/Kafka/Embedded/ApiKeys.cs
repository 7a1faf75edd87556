namespace Kickstarter.Connectors.Kafka.Embedded;

/// <summary>Kafka protocol API keys used with <see cref="EmbeddedKafkaCluster.PushRequestErrors"/>.</summary>
public static class ApiKeys
{
    /// <summary>Produce.</summary>
    public const short Produce = 0;
    /// <summary>Fetch.</summary>
    public const short Fetch = 1;
    /// <summary>ListOffsets.</summary>
    public const short ListOffsets = 2;
    /// <summary>Metadata.</summary>
    public const short Metadata = 3;
    /// <summary>OffsetCommit.</summary>
    public const short OffsetCommit = 8;
    /// <summary>OffsetFetch.</summary>
    public const short OffsetFetch = 9;
    /// <summary>FindCoordinator.</summary>
    public const short FindCoordinator = 10;
    /// <summary>InitProducerId.</summary>
    public const short InitProducerId = 22;
    /// <summary>AddPartitionsToTxn.</summary>
    public const short AddPartitionsToTxn = 24;
    /// <summary>AddOffsetsToTxn.</summary>
    public const short AddOffsetsToTxn = 25;
    /// <summary>EndTxn.</summary>
    public const short EndTxn = 26;
    /// <summary>TxnOffsetCommit.</summary>
    public const short TxnOffsetCommit = 28;
}
