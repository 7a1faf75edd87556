using Kickstarter.Connectors.Kafka.Producing;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Serialization;

namespace Kickstarter.Grains.Jobs;

/// <summary>A job output of rows of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The row type (a data contract).</typeparam>
/// <param name="table">The table every row goes to.</param>
/// <param name="toRow">The row's Iceberg values, in the order of the table's schema.</param>
/// <param name="tieBreak">Orders rows of equal event time (ordinal), so an epoch's files and records are deterministic.</param>
/// <param name="topic">The topic every row also goes to, or null.</param>
public sealed class JobOutput<T>(OutputTable table, Func<T, object?[]> toRow, Func<T, string> tieBreak, OutputTopic<T>? topic = null)
    : JobOutput(table, topic?.Name)
    where T : class
{
    /// <summary>Adds rows of this output to what a grain hands over.</summary>
    public void AddTo(EpochOutputs outputs, IEnumerable<Timed<T>> rows) => outputs.Add(Name, rows);

    public override StagedOutput Stage(EpochOutputs outputs, PipelineSerdes serdes)
    {
        var rows = outputs.Get<T>(Name)
            .OrderBy(row => row.TimestampMs)
            .ThenBy(row => tieBreak(row.Row), StringComparer.Ordinal)
            .ToList();
        List<object?[]> tableRows = [.. rows.Select(row => toRow(row.Row))];
        List<OutputRecord> records = topic is null
            ? []
            : [.. rows.Select(row => new OutputRecord(
                topic.Name, topic.Key(row.Row), serdes.Serialize(topic.Name, topic.Codec, row.Row), row.TimestampMs))];
        return new StagedOutput(tableRows, records);
    }
}
