using System.Diagnostics.Metrics;
using Kickstarter.Grains.Diagnostics;

namespace Kickstarter.Silo.Telemetry;

/// <summary>The generator's instrument in the <c>Kickstarter</c> meter: bookings the broker acknowledged, by airline.</summary>
internal static class GeneratorMetrics
{
    private static readonly Meter Meter = new(PipelineMetrics.MeterName);

    private static readonly Counter<long> Records = Meter.CreateCounter<long>(
        "kickstarter.generator.records", "{record}", "Bookings the generator produced, by airline.");

    /// <param name="airline">The airline's name; the label is its lower-case form (<c>sunset</c>, <c>skyone</c>).</param>
    public static void Produced(string airline) =>
        Records.Add(1, new KeyValuePair<string, object?>("airline", airline.ToLowerInvariant()));
}
