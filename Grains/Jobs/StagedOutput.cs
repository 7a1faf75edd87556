using Kickstarter.Connectors.Kafka.Producing;

namespace Kickstarter.Grains.Jobs;

/// <summary>One output's rows of an epoch in their final order: Iceberg rows and the Kafka records.</summary>
/// <param name="TableRows">Rows for the output's table, values in schema order.</param>
/// <param name="KafkaRecords">Records for the output's topic; empty when the output has none.</param>
public sealed record StagedOutput(IReadOnlyList<object?[]> TableRows, IReadOnlyList<OutputRecord> KafkaRecords);
