using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>Source-generated log messages (event ids 3000-3099) and counters of the Kafka stream provider.</summary>
internal static partial class KafkaStreamLog
{
    public static readonly Meter Meter = new("Kickstarter.Connectors.Kafka");
    public static readonly Counter<long> MalformedRecords = Meter.CreateCounter<long>("kafka.stream.malformed_records",
        description: "Records sent to the dead-letter topic.");
    public static readonly Counter<long> DuplicateRecords = Meter.CreateCounter<long>("kafka.stream.upstream_duplicates",
        description: "Records dropped because their kickstarter-id was already seen.");
    public static readonly Counter<long> DeliveryFailures = Meter.CreateCounter<long>("kafka.stream.delivery_failures",
        description: "Containers given up after MaxEventDeliveryTime.");

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information,
        Message = "Kafka stream provider {Provider}: partition {Topic}/{Partition} starts at {Start} ({Origin}).")]
    public static partial void ReceiverStarted(ILogger logger, string provider, string topic, int partition, string start, string origin);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning,
        Message = "Kafka stream provider {Provider}: start position of {Topic}/{Partition} not available yet; retrying on the next poll.")]
    public static partial void StartPositionUnavailable(ILogger logger, string provider, string topic, int partition, Exception exception);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "Kafka stream provider {Provider}: malformed record {Topic}/{Partition}@{Offset} sent to {DeadLetterTopic}: {Reason}")]
    public static partial void MalformedRecord(ILogger logger, string provider, string topic, int partition, long offset,
        string deadLetterTopic, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error,
        Message = "Kafka stream provider {Provider}: dead-lettering {Topic}/{Partition}@{Offset} to {DeadLetterTopic} failed ({Code}).")]
    public static partial void DeadLetterFailed(ILogger logger, string provider, string topic, int partition, long offset,
        string deadLetterTopic, ErrorCode code, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error,
        Message = "Kafka stream provider {Provider}: reading {Topic}/{Partition} failed ({Code}); the partition is retried, not skipped.")]
    public static partial void ConsumeFailed(
        ILogger logger, string provider, string topic, int partition, ErrorCode code, Exception exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error,
        Message = "Kafka stream provider {Provider}: delivery of stream {StreamId} failed for subscription {SubscriptionId} at {Token}; " +
            "the container was given up.")]
    public static partial void DeliveryFailed(
        ILogger logger, string provider, StreamId streamId, GuidId subscriptionId, StreamSequenceToken? token);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error,
        Message = "Kafka stream provider {Provider}: subscription {SubscriptionId} of stream {StreamId} failed at {Token}.")]
    public static partial void SubscriptionFailed(
        ILogger logger, string provider, StreamId streamId, GuidId subscriptionId, StreamSequenceToken? token);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information,
        Message = "Kafka stream provider {Provider}: partition {Topic}/{Partition} rewound to {Offset}.")]
    public static partial void Rewound(ILogger logger, string provider, string topic, int partition, long offset);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information,
        Message = "Kafka stream provider {Provider}: {QueueCount} queues over topics {Topics}; consumer config: {Config}")]
    public static partial void ProviderStarted(ILogger logger, string provider, int queueCount, string topics, string config);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug,
        Message = "Kafka stream provider {Provider} librdkafka {Client} [{Level}]: {Message}")]
    public static partial void ClientLog(ILogger logger, string provider, string client, SyslogLevel level, string message);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning,
        Message = "Kafka stream provider {Provider}: deserializer threw on {Topic}/{Partition}@{Offset}; " +
            "treating the record as malformed.")]
    public static partial void DeserializerThrew(
        ILogger logger, string provider, string topic, int partition, long offset, Exception exception);
}
