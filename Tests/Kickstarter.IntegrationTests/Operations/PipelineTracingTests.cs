using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Diagnostics;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.Grains.Serialization;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using System.Diagnostics.CodeAnalysis;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Operations;

/// <summary>
/// One booking followed through both jobs by its spans, collected in memory by an <see cref="ActivityListener"/> on a
/// TestCluster: the booking's trace (produced with a <c>traceparent</c> header) holds its receive and grain delivery
/// spans; the consolidator's snapshot span links to that receive span; the same epoch's commit span is the parent of
/// the receive span of the flight it produced in <c>airline.flight</c>; and the Flyer Stats snapshot links to that.
/// </summary>
[SuppressMessage(
    "Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "xUnit calls IAsyncLifetime.DisposeAsync, which disposes it; the rule does not look there.")]
[Collection(ProcessWideTelemetryCollection.Name)]
public sealed class PipelineTracingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly ActivitySource TestSource = new("Kickstarter.Tests.Producer");
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly PipelineCluster _pipeline = PipelineCluster.CreateInfrastructure();
    private ActivityListener? _listener;

    public Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is PipelineTracing.SourceName or "Kickstarter.Tests.Producer"
                || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _listener?.Dispose();
        await _pipeline.DisposeAsync();
    }

    [Fact]
    public async Task OneBookingIsFollowedFromReceiveThroughGrainAndEpochCommitAcrossBothJobs()
    {
        await _pipeline.StartSilosAsync(1, TimeSpan.FromSeconds(1));
        var input = FlightInput.Generate(seed: 4242, perAirline: 20, flyers: 5, start: DateTimeOffset.UtcNow.AddMinutes(-5), rate: 50);
        var bookingTraces = ProduceTraced(input);
        // Final epochs release every held flight into airline.flight, then Flyer Stats takes them (as a --duration run ends).
        await JobDrainer.DrainAsync(_pipeline.Cluster.Client, ConsolidatorJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(2));
        await JobDrainer.DrainAsync(_pipeline.Cluster.Client, FlyerStatsJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(2));

        string? followed = null;
        await Eventually.Until(() => (followed = FindPath(bookingTraces)) is not null, TimeSpan.FromSeconds(60),
            "one booking's spans reach the Flyer Stats snapshot");
        output.WriteLine(followed);
    }

    /// <summary>Produces every booking under its own producer span, its context in the record's headers.</summary>
    private HashSet<ActivityTraceId> ProduceTraced(FlightInput input)
    {
        var traces = new HashSet<ActivityTraceId>();
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = _pipeline.Kafka.BootstrapServers,
            EnableIdempotence = true,
        }).Build();
        foreach (var (airline, booking, ts) in input.Bookings.OrderBy(b => b.Ts))
        {
            using var span = TestSource.StartActivity($"produce {airline.Topic}", ActivityKind.Producer, parentContext: default);
            Assert.NotNull(span);
            traces.Add(span.TraceId);
            var headers = new Headers();
            KafkaTracing.Inject(headers, span);
            producer.Produce(airline.Topic, new Message<string, byte[]>
            {
                Key = booking.FlightNumber,
                Value = PipelineJson.Serialize(booking),
                Timestamp = new Timestamp(ts, TimestampType.CreateTime),
                Headers = headers,
            });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
        return traces;
    }

    /// <summary>The first booking whose path is complete, described; null while none is.</summary>
    private string? FindPath(HashSet<ActivityTraceId> bookingTraces)
    {
        var spans = _spans.ToArray();
        var byName = spans.ToLookup(span => span.DisplayName);
        foreach (var receive in byName[$"receive {Topics.Sunset}"].Concat(byName[$"receive {Topics.SkyOne}"]))
        {
            var booking = receive.TraceId;
            if (!bookingTraces.Contains(booking)
                || !byName["deliver FlightGrain"].Any(span => span.TraceId == booking))
            {
                continue;
            }

            // The consolidator epoch that took this booking: its snapshot links to the receive span.
            foreach (var snapshot in byName["snapshot consolidator"].Where(span => span.Links.Any(link => link.Context.SpanId == receive.SpanId)))
            {
                var epoch = snapshot.TraceId;
                if (!byName["commit consolidator"].Any(span => span.TraceId == epoch))
                {
                    continue;
                }

                // The flight that epoch committed, read by Flyer Stats in the epoch's trace, then its snapshot.
                foreach (var flight in byName[$"receive {Topics.Flight}"].Where(span => span.TraceId == epoch))
                {
                    var delivered = byName["deliver FlyerStatsGrain"].Any(span => span.TraceId == epoch);
                    var flyerSnapshot = byName["snapshot flyer-stats"].FirstOrDefault(
                        span => span.Links.Any(link => link.Context.SpanId == flight.SpanId));
                    if (delivered && flyerSnapshot is not null)
                    {
                        return $"booking trace {booking}: receive {receive.SpanId} -> deliver FlightGrain -> snapshot " +
                            $"{snapshot.SpanId} (epoch trace {epoch}) -> commit -> receive {Topics.Flight} {flight.SpanId} -> " +
                            $"deliver FlyerStatsGrain -> snapshot flyer-stats {flyerSnapshot.SpanId} (trace {flyerSnapshot.TraceId})";
                    }
                }
            }
        }

        return null;
    }
}
