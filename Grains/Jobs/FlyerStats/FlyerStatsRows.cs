namespace Kickstarter.Grains.Jobs.FlyerStats;

// The contracts are imported inside the namespace: here "FlyerStats" would otherwise name this namespace, not the
// contract record.
using Kickstarter.Grains.Interfaces.Contracts;

/// <summary>Flyer stats as Iceberg rows, values in the order of <see cref="FlyerStatsTable.Schema"/>.</summary>
public static class FlyerStatsRows
{
    public static object?[] ToRow(FlyerStats stats) => [stats.EmailAddress, stats.TotalFlightDuration, stats.NumberOfFlights];
}
