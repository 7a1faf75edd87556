using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Serialization;

namespace Kickstarter.Grains.Jobs;

/// <summary>
/// One thing a job writes: a table and, optionally, a topic, with the rows' order and their mapping. Grains hand rows
/// under <see cref="Name"/> in <see cref="EpochOutputs"/>; the sink stages them through <see cref="Stage"/>.
/// </summary>
public abstract class JobOutput
{
    private protected JobOutput(OutputTable table, string? topic)
    {
        Table = table;
        Topic = topic;
    }

    /// <summary>The name rows are handed under: the table's name.</summary>
    public string Name => Table.Name;

    /// <summary>The table every row goes to.</summary>
    public OutputTable Table { get; }

    /// <summary>The topic every row also goes to, or null.</summary>
    public string? Topic { get; }

    /// <summary>
    /// This output's rows of an epoch, ordered by event time then by the row's tie-break key, and mapped; record values
    /// in the topic's format.
    /// </summary>
    public abstract StagedOutput Stage(EpochOutputs outputs, PipelineSerdes serdes);
}
