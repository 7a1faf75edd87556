namespace Kickstarter.IntegrationTests.Infrastructure.Otlp;

/// <summary>A log record as an OTLP receiver got it (trace id "" when written outside a span).</summary>
public sealed record OtlpLogRecord(
    string Body, string TraceId, string SpanId, IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> Resource);
