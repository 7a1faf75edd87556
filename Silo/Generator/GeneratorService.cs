using System.Diagnostics;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Diagnostics;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Serialization;
using Kickstarter.Silo.Kafka;
using Kickstarter.Silo.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kickstarter.Silo.Generator;

/// <summary>
/// The Generator job: produces synthetic bookings of both airlines to their topics, keyed by flight number,
/// paced at the configured rate, with an idempotent producer (it is the source, not part of the exactly-once loop).
/// Values are in each topic's format (<see cref="PipelineSerdes"/>: Avro by default, JSON when configured).
/// </summary>
internal sealed partial class GeneratorService(
    IOptions<GeneratorOptions> options,
    KafkaConnection kafka,
    PipelineSerdes serdes,
    KafkaCredentialRotation credentials,
    TimeProvider clock,
    ILogger<GeneratorService> logger) : BackgroundService
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Error? _deliveryError;

    /// <summary>Completes when a bounded run (Generator:Count) has produced everything.</summary>
    public Task Finished => _finished.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        var seed = settings.Seed ?? Random.Shared.Next();
        var start = settings.EffectiveStartTime(clock);
        var flyers = BookingGenerator.CreateFlyerPool(seed, settings.FlyerPoolSize);
        var generators = Airline.All
            .Select(airline => (
                Airline: airline,
                Generator: new BookingGenerator(airline, BookingGenerator.SeedFor(seed, airline), flyers, start, settings.RatePerSecond)))
            .ToList();
        if (logger.IsEnabled(LogLevel.Information))
        {
            var count = settings.Count?.ToString() ?? "unbounded";
            LogStarting(seed, start, settings.RatePerSecond, count);
        }

        // librdkafka's own messages go to the log like every other client's (unhandled, it writes them to stderr).
        using var producer = new ProducerBuilder<string, byte[]>(credentials.WithCurrentCredentials(kafka.ProducerConfig(idempotent: true)))
            .SetLogHandler((_, message) => LogClient(message.Level, message.Message))
            .Build();
        using var rotation = credentials.Track(producer); // rotated API keys reach this long-lived producer too
        var began = clock.GetTimestamp();
        long produced = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Everything due by now (at the configured rate) goes out; then wait a tick.
                var due = (long)(clock.GetElapsedTime(began).TotalSeconds * settings.RatePerSecond) + 1;
                if (settings.Count is { } count)
                {
                    due = Math.Min(due, count);
                }

                foreach (var (airline, generator) in generators)
                {
                    while (generator.Count < due)
                    {
                        var (booking, timestampMs) = generator.Next();
                        // Each booking starts its own trace; the header carries it to the Consolidator's receive span.
                        using var span = PipelineTracing.Source.StartActivity(
                            $"produce {airline.Topic}", ActivityKind.Producer, parentContext: default);
                        var headers = new Headers();
                        KafkaTracing.Inject(headers, span);
                        var message = new Message<string, byte[]>
                        {
                            Key = booking.FlightNumber,
                            Value = serdes.Serialize(airline.Topic, AvroRecords.Booking, booking),
                            Timestamp = new Timestamp(timestampMs, TimestampType.CreateTime),
                            Headers = headers,
                        };
                        ProduceWithBackpressure(producer, airline, message, stoppingToken);
                        produced++;
                    }
                }

                if (_deliveryError is { } error)
                {
                    // The idempotent producer already retried; a failed delivery ends the run loudly.
                    throw new KafkaException(error);
                }

                if (settings.Count is { } limit && generators.All(entry => entry.Generator.Count >= limit))
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20), clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            producer.Flush(TimeSpan.FromSeconds(30));
            LogFinished(produced);
            if (_deliveryError is { } error)
            {
                _finished.TrySetException(new KafkaException(error));
            }
            else
            {
                _finished.TrySetResult();
            }
        }
    }

    private void ProduceWithBackpressure(
        IProducer<string, byte[]> producer, Airline airline, Message<string, byte[]> message, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                producer.Produce(airline.Topic, message, report =>
                {
                    if (report.Error.IsError)
                    {
                        _deliveryError ??= report.Error;
                    }
                    else
                    {
                        GeneratorMetrics.Produced(airline.Name);
                    }
                });
                return;
            }
            catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(50));
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information,
        Message = "Generator: seed {Seed}, start {Start:o}, {Rate}/s per airline, count {Count}")]
    private partial void LogStarting(int seed, DateTimeOffset start, double rate, string count);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Generator: produced {Count} bookings")]
    private partial void LogFinished(long count);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "Generator: librdkafka producer [{Level}]: {Message}")]
    private partial void LogClient(SyslogLevel level, string message);
}
