using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Kickstarter.IntegrationTests.Infrastructure.Otlp.ProtobufWire;

namespace Kickstarter.IntegrationTests.Infrastructure.Otlp;

/// <summary>
/// A small OTLP/HTTP receiver (OTLP specification, "OTLP/HTTP"): Kestrel on a free loopback port taking
/// <c>POST /v1/traces</c>, <c>/v1/metrics</c> and <c>/v1/logs</c> with binary protobuf bodies (gzip or not), each
/// answered 200 with an empty Export*ServiceResponse. It decodes the requests by the field numbers of
/// opentelemetry-proto's trace, metrics, logs, resource and common messages, by hand (<see cref="ProtobufWire"/>).
/// Anything else is answered 415 or 404 and counted in <see cref="Rejected"/>.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>The base endpoint for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, e.g. "http://127.0.0.1:40123".</summary>
    public string Endpoint { get; private set; } = "";

    public ConcurrentQueue<OtlpSpan> Spans { get; } = new();

    public ConcurrentQueue<OtlpMetricPoint> MetricPoints { get; } = new();

    public ConcurrentQueue<OtlpLogRecord> Logs { get; } = new();

    /// <summary>The Authorization header of every accepted export request (what OTEL_EXPORTER_OTLP_HEADERS sent).</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>Requests that were not OTLP/HTTP protobuf exports ("METHOD path content-type").</summary>
    public ConcurrentQueue<string> Rejected { get; } = new();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        if (request.Method != "POST" || path is not ("/v1/traces" or "/v1/metrics" or "/v1/logs"))
        {
            Rejected.Enqueue($"{request.Method} {path} {request.ContentType}");
            context.Response.StatusCode = 404;
            return;
        }

        if (request.ContentType != "application/x-protobuf")
        {
            Rejected.Enqueue($"{request.Method} {path} {request.ContentType}");
            context.Response.StatusCode = 415;
            return;
        }

        using var buffer = new MemoryStream();
        var body = request.Headers.ContentEncoding.ToString() == "gzip" ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
        await body.CopyToAsync(buffer);
        ReadOnlyMemory<byte> message = buffer.ToArray();
        Authorizations.Enqueue(request.Headers.Authorization.ToString());
        switch (path)
        {
            case "/v1/traces":
                DecodeTraces(message);
                break;
            case "/v1/metrics":
                DecodeMetrics(message);
                break;
            default:
                DecodeLogs(message);
                break;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-protobuf"; // an empty Export*ServiceResponse: full success
    }

    // ExportTraceServiceRequest: resource_spans = 1; ResourceSpans: resource = 1, scope_spans = 2;
    // ScopeSpans: scope = 1, spans = 2; Span: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, attributes = 9.
    private void DecodeTraces(ReadOnlyMemory<byte> request)
    {
        foreach (var resourceSpans in Messages(request, 1))
        {
            var resource = ResourceAttributes(resourceSpans);
            foreach (var scopeSpans in Messages(resourceSpans, 2))
            {
                var scope = ScopeName(scopeSpans);
                foreach (var span in Messages(scopeSpans, 2))
                {
                    Spans.Enqueue(new OtlpSpan(scope, String(span, 5), Hex(span, 1), Hex(span, 2), Hex(span, 4), Attributes(span, 9), resource));
                }
            }
        }
    }

    // ExportMetricsServiceRequest: resource_metrics = 1; ResourceMetrics: resource = 1, scope_metrics = 2; ScopeMetrics:
    // scope = 1, metrics = 2; Metric: name = 1, unit = 3, and one of gauge = 5, sum = 7, histogram = 9,
    // exponential_histogram = 10, summary = 11, each with data_points = 1, whose attributes are field 7 (number and
    // summary points), 9 (histogram points) or 1 (exponential histogram points).
    private void DecodeMetrics(ReadOnlyMemory<byte> request)
    {
        var kinds = new Dictionary<int, (string Kind, int AttributesField)>
        {
            [5] = ("gauge", 7),
            [7] = ("sum", 7),
            [9] = ("histogram", 9),
            [10] = ("exponential_histogram", 1),
            [11] = ("summary", 7),
        };
        foreach (var resourceMetrics in Messages(request, 1))
        {
            var resource = ResourceAttributes(resourceMetrics);
            foreach (var scopeMetrics in Messages(resourceMetrics, 2))
            {
                var scope = ScopeName(scopeMetrics);
                foreach (var metric in Messages(scopeMetrics, 2))
                {
                    var name = String(metric, 1);
                    var unit = String(metric, 3);
                    foreach (var data in Fields(metric).Where(field => kinds.ContainsKey(field.Number) && field.WireType == 2))
                    {
                        var (kind, attributesField) = kinds[data.Number];
                        foreach (var point in Messages(data.Bytes, 1))
                        {
                            MetricPoints.Enqueue(new OtlpMetricPoint(scope, name, unit, kind, Attributes(point, attributesField), resource));
                        }
                    }
                }
            }
        }
    }

    // ExportLogsServiceRequest: resource_logs = 1; ResourceLogs: resource = 1, scope_logs = 2; ScopeLogs: scope = 1,
    // log_records = 2; LogRecord: body = 5, attributes = 6, trace_id = 9, span_id = 10.
    private void DecodeLogs(ReadOnlyMemory<byte> request)
    {
        foreach (var resourceLogs in Messages(request, 1))
        {
            var resource = ResourceAttributes(resourceLogs);
            foreach (var scopeLogs in Messages(resourceLogs, 2))
            {
                foreach (var record in Messages(scopeLogs, 2))
                {
                    var body = Messages(record, 5).Select(AnyValue).LastOrDefault() ?? "";
                    Logs.Enqueue(new OtlpLogRecord(body, Hex(record, 9), Hex(record, 10), Attributes(record, 6), resource));
                }
            }
        }
    }

    // Resource: attributes = 1.
    private static Dictionary<string, string> ResourceAttributes(ReadOnlyMemory<byte> resourceSignal) =>
        Messages(resourceSignal, 1).Select(resource => Attributes(resource, 1)).LastOrDefault() ?? new Dictionary<string, string>();

    // InstrumentationScope (field 1 of every Scope* message): name = 1.
    private static string ScopeName(ReadOnlyMemory<byte> scopeSignal) =>
        Messages(scopeSignal, 1).Select(scope => String(scope, 1)).LastOrDefault() ?? "";

    // KeyValue: key = 1, value = 2 (AnyValue).
    private static Dictionary<string, string> Attributes(ReadOnlyMemory<byte> message, int field)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Messages(message, field))
        {
            attributes[String(pair, 1)] = Messages(pair, 2).Select(AnyValue).LastOrDefault() ?? "";
        }

        return attributes;
    }

    // AnyValue: one of string_value = 1, bool_value = 2, int_value = 3, double_value = 4, array_value = 5 (values = 1),
    // kvlist_value = 6 (values = 1, KeyValue), bytes_value = 7.
    private static string AnyValue(ReadOnlyMemory<byte> value)
    {
        foreach (var field in Fields(value))
        {
            switch (field.Number)
            {
                case 1:
                    return System.Text.Encoding.UTF8.GetString(field.Bytes.Span);
                case 2:
                    return field.Scalar != 0 ? "true" : "false";
                case 3:
                    return ((long)field.Scalar).ToString(System.Globalization.CultureInfo.InvariantCulture);
                case 4:
                    return BitConverter.Int64BitsToDouble((long)field.Scalar).ToString(System.Globalization.CultureInfo.InvariantCulture);
                case 5:
                    return "[" + string.Join(",", Messages(field.Bytes, 1).Select(AnyValue)) + "]";
                case 6:
                    return "{" + string.Join(",", Attributes(field.Bytes, 1).Select(pair => $"{pair.Key}={pair.Value}")) + "}";
                case 7:
                    return Convert.ToHexStringLower(field.Bytes.Span);
            }
        }

        return "";
    }
}
