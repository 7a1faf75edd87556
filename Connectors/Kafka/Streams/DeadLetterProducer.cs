using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Options;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// Sends records the deserializer rejected to the dead-letter topic: original key, value and headers, plus
/// <c>dlq.reason</c>, <c>dlq.source.topic</c>, <c>dlq.source.partition</c> and <c>dlq.source.offset</c> (UTF-8 text).
/// Idempotent producer with acks=all; the returned task completes when the broker has acknowledged the record.
/// </summary>
internal sealed partial class DeadLetterProducer : IDisposable
{
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly string _topic;
    private readonly string _providerName;
    private readonly ILogger _logger;
    private readonly IDisposable? _rotation;

    public DeadLetterProducer(KafkaStreamOptions options, string providerName, ILogger logger, IKafkaCredentialSource? credentials = null)
    {
        _topic = options.DeadLetterTopic;
        _providerName = providerName;
        _logger = logger;
        var config = KafkaClientConfig.DeadLetterProducer(options, providerName);
        credentials?.Apply(config);
        _producer = new ProducerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, m) => KafkaStreamLog.ClientLog(logger, providerName, "dlq", m.Level, m.Message))
            .Build();
        // Long-lived and idempotent: rotated keys reach it in place (re-creating it would restart its sequence numbers).
        _rotation = credentials?.Track(_producer);
    }

    public async Task SendAsync(ConsumeResult<byte[]?, byte[]?> source, string reason)
    {
        var headers = new Headers();
        foreach (var header in source.Message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        headers.Add(KafkaDeadLetterHeaders.Reason, Encoding.UTF8.GetBytes(reason));
        headers.Add(KafkaDeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes(source.Topic));
        headers.Add(
            KafkaDeadLetterHeaders.SourcePartition, Encoding.UTF8.GetBytes(source.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(
            KafkaDeadLetterHeaders.SourceOffset, Encoding.UTF8.GetBytes(source.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        var message = new Message<byte[]?, byte[]?>
        {
            Key = source.Message.Key,
            Value = source.Message.Value,
            Headers = headers,
            Timestamp = new Timestamp(source.Message.Timestamp.UnixTimestampMs, TimestampType.CreateTime),
        };
        try
        {
            await _producer.ProduceAsync(_topic, message).ConfigureAwait(false);
        }
        catch (ProduceException<byte[]?, byte[]?> ex)
        {
            KafkaStreamLog.DeadLetterFailed(
                _logger, _providerName, source.Topic, source.Partition.Value, source.Offset.Value, _topic, ex.Error.Code, ex);
            throw;
        }
    }

    public void Dispose()
    {
        _rotation?.Dispose();
        try
        {
            _producer.Flush(TimeSpan.FromSeconds(5));
        }
        finally
        {
            _producer.Dispose();
        }
    }
}
