namespace Kickstarter.IntegrationTests.Infrastructure.Otlp;

/// <summary>One data point of a metric as an OTLP receiver got it; <paramref name="Kind"/> is gauge, sum, histogram, ....</summary>
public sealed record OtlpMetricPoint(
    string Scope, string Name, string Unit, string Kind,
    IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> Resource);
