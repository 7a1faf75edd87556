namespace Kickstarter.Grains.Interfaces.Contracts;

/// <summary>Iceberg table names; every table lives in <see cref="Namespace"/>.</summary>
public static class Tables
{
    public const string Namespace = "apache_kickstarter.airlines";
    public const string SunsetAirline = "sunset_airline";
    public const string SkyOneAirline = "skyone_airline";
    public const string Flight = "flight";
    public const string FlyerStats = "flyer_stats";
}
