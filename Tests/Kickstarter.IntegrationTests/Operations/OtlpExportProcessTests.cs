using System.Globalization;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.IntegrationTests.Infrastructure.Otlp;
using Kickstarter.Testing;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Operations;

/// <summary>
/// The silo process exporting over OTLP/HTTP, configured only by the standard <c>OTEL_*</c> environment variables, to
/// an in-test receiver that decodes the protobuf requests itself (<see cref="OtlpReceiver"/>): the pipeline's metrics
/// with their attributes, Orleans' and the runtime's meters, the booking's spans from produce through receive and
/// delivery, the epoch and commit spans, log records carrying the trace id of the span they were written in, the
/// resource from <c>OTEL_SERVICE_NAME</c>/<c>OTEL_RESOURCE_ATTRIBUTES</c>, the exporter's header; and no secret in
/// anything exported.
/// </summary>
public sealed class OtlpExportProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string HeaderSecret = "otlp-header-secret-4711";
    private const string StorageSecret = "otlp-storage-secret-0815";
    private const string ServiceName = "kickstarter-otlp-test";

    private readonly TemporaryDirectory _workDir = TemporaryDirectory.Create("kickstarter-otlp-");
    private OtlpReceiver _receiver = null!;
    private DynaliteServer _dynamo = null!;

    public async Task InitializeAsync()
    {
        _receiver = await OtlpReceiver.StartAsync();
        _dynamo = await DynaliteServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _dynamo.DisposeAsync();
        await _workDir.DisposeAsync();
    }

    [Fact]
    public async Task MetricsSpansAndCorrelatedLogsReachAnOtlpReceiverWithoutSecrets()
    {
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = $"Authorization=Bearer {HeaderSecret}",
            ["OTEL_SERVICE_NAME"] = ServiceName,
            ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=otlp-test",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "500",
        };
        var httpPort = FreePort.Next();
        await using var silo = SiloProcess.StartRaw(_workDir.Path, httpPort, environment,
            $"--http-port={httpPort}", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
            "--Orleans:AdvertisedIPAddress=127.0.0.1", "--Committer:CommitInterval=00:00:01", "--Generator:RatePerSecond=20",
            "--Storage:Provider=DynamoDB", $"--Storage:DynamoDB:ServiceUrl={_dynamo.ServiceUrl}",
            "--Storage:DynamoDB:AccessKey=otlp", $"--Storage:DynamoDB:SecretKey={StorageSecret}");

        try
        {
            string[] pipelineMetrics =
            [
                "kickstarter.records.consumed", "kickstarter.deliveries", "kickstarter.epoch.duration", "kickstarter.rows.committed",
                "kickstarter.files.committed", "kickstarter.generator.records",
            ];
            await Eventually.Until(() => pipelineMetrics.All(name => _receiver.MetricPoints.Any(point => point.Name == name))
                    && _receiver.Spans.Any(span => span.Name == "commit consolidator")
                    && _receiver.Spans.Any(span => span.Name == "deliver FlightGrain")
                    && _receiver.Spans.Any(span => span.Name is "epoch flyer-stats" or "commit flyer-stats")
                    && _receiver.Spans.Any(span => span.Name.StartsWith("receive airline.", StringComparison.Ordinal))
                    && CorrelatedLog() is not null,
                TimeSpan.FromSeconds(120), "the pipeline's metrics, spans and a correlated log record reach the receiver");
            Assert.Empty(_receiver.Rejected);

            // Metrics: the pipeline's with their documented attributes, and Orleans' and the runtime's meters. Each job
            // completes epochs on its own clock, so wait for every expected point rather than the first of each name.
            Func<OtlpMetricPoint, bool>[] expectedPoints =
            [
                point => point.Name == "kickstarter.records.consumed" && point.Kind == "sum"
                    && point.Attributes.GetValueOrDefault("topic") == "airline.sunset" && point.Attributes.ContainsKey("partition"),
                point => point.Name == "kickstarter.deliveries" && point.Attributes.GetValueOrDefault("grain_type") == "FlightGrain",
                point => point.Name == "kickstarter.rows.committed" && point.Attributes.GetValueOrDefault("table") == "flight",
                point => point.Name == "kickstarter.epoch.duration" && point.Kind == "histogram" && point.Unit == "s"
                    && point.Attributes.GetValueOrDefault("job") == "consolidator",
                point => point.Scope == "Microsoft.Orleans" && point.Name.StartsWith("orleans", StringComparison.Ordinal),
                point => point.Name.StartsWith("dotnet.", StringComparison.Ordinal),
            ];
            await Eventually.Until(() => expectedPoints.All(expected => _receiver.MetricPoints.Any(expected)),
                TimeSpan.FromSeconds(60), "every expected metric point arrives");
            var points = _receiver.MetricPoints.ToList();
            Assert.All(expectedPoints, expected => Assert.Contains(points, point => expected(point)));

            // Spans: a booking's trace from produce to receive (the traceparent header carried it through Kafka), the
            // grain delivery, and the jobs' epoch and commit spans with their job and epoch.
            var spans = _receiver.Spans.ToList();
            var produced = spans.Where(span => span.Name.StartsWith("produce airline.", StringComparison.Ordinal)).ToDictionary(span => span.SpanId);
            Assert.Contains(spans, span => span.Name.StartsWith("receive airline.", StringComparison.Ordinal)
                && produced.TryGetValue(span.ParentSpanId, out var parent) && parent.TraceId == span.TraceId
                && span.Attributes.GetValueOrDefault("messaging.system") == "kafka");
            Assert.Contains(spans, span => span.Name == "deliver FlightGrain" && span.Attributes.ContainsKey("kickstarter.records"));
            Assert.Contains(spans, span => span.Name == "epoch consolidator"
                && span.Attributes.GetValueOrDefault("kickstarter.job") == "consolidator"
                && long.Parse(span.Attributes["kickstarter.epoch"], CultureInfo.InvariantCulture) > 0);
            Assert.Contains(spans, span => span.Name == "commit flyer-stats" || span.Name == "epoch flyer-stats");

            // Logs: written inside an epoch span, a record carries that span's trace and span ids.
            var (log, epochSpan) = CorrelatedLog()!.Value;
            Assert.Equal(epochSpan.TraceId, log.TraceId);

            // The resource comes from the standard settings, on every signal.
            var resources = spans.Select(span => span.Resource).Concat(points.Select(point => point.Resource))
                .Concat(_receiver.Logs.Select(record => record.Resource));
            Assert.All(resources,
                resource =>
                {
                    Assert.Equal(ServiceName, resource.GetValueOrDefault("service.name"));
                    Assert.Equal("otlp-test", resource.GetValueOrDefault("deployment.environment"));
                });

            // The exporter sent OTEL_EXPORTER_OTLP_HEADERS as headers; no secret is in anything it exported.
            Assert.All(_receiver.Authorizations, authorization => Assert.Equal($"Bearer {HeaderSecret}", authorization));
            var exported = spans.SelectMany(span => span.Attributes.Concat(span.Resource))
                .Concat(points.SelectMany(point => point.Attributes.Concat(point.Resource)))
                .Concat(_receiver.Logs.SelectMany(record => record.Attributes.Concat(record.Resource)))
                .SelectMany(pair => new[] { pair.Key, pair.Value })
                .Concat(_receiver.Logs.Select(record => record.Body))
                .ToList();
            Assert.NotEmpty(exported);
            Assert.DoesNotContain(exported, text => text.Contains(HeaderSecret, StringComparison.Ordinal));
            Assert.DoesNotContain(exported, text => text.Contains(StorageSecret, StringComparison.Ordinal));
            Assert.DoesNotContain(StorageSecret, silo.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(silo.Output); // what the silo said, for the failure report
            output.WriteLine($"received: {_receiver.Spans.Count} spans, {_receiver.MetricPoints.Count} points, {_receiver.Logs.Count} logs");
            throw;
        }
    }

    /// <summary>A log record written inside a received "epoch ..." span (same span id), with that span.</summary>
    private (OtlpLogRecord Log, OtlpSpan Span)? CorrelatedLog()
    {
        var epochSpans = _receiver.Spans.Where(span => span.Name.StartsWith("epoch ", StringComparison.Ordinal))
            .GroupBy(span => span.SpanId).ToDictionary(group => group.Key, group => group.First());
        foreach (var log in _receiver.Logs)
        {
            if (log.SpanId.Length > 0 && epochSpans.TryGetValue(log.SpanId, out var span))
            {
                return (log, span);
            }
        }

        return null;
    }
}
