namespace Kickstarter.IntegrationTests.Infrastructure.Otlp;

/// <summary>A span as an OTLP receiver got it.</summary>
public sealed record OtlpSpan(
    string Scope, string Name, string TraceId, string SpanId, string ParentSpanId,
    IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> Resource);
