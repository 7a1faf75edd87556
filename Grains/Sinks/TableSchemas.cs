using Kickstarter.Connectors.Iceberg.Spec;
using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Sinks;

/// <summary>
/// Iceberg schemas and partition specs of the four tables. Columns and types follow the data contract (times stay
/// strings, as in the original); field ids are fixed here and never reused.
/// </summary>
/// <remarks>
/// Partitioning: booking and flight tables by <c>truncate(7, departure_time)</c>, the departure month
/// ("2026-03"), which prunes by date as a day transform would while keeping the contract's string column; departures
/// spread over a year, so a day partition would make every epoch write ~365 tiny files per table, a month ~13.
/// <c>flyer_stats</c> by <c>bucket(16, email_address)</c>, so lookups of one flyer read one sixteenth of the files.
/// </remarks>
public static class TableSchemas
{
    public static readonly Schema Booking = new(
        NestedField.RequiredField(1, "email_address", IcebergType.String),
        NestedField.RequiredField(2, "departure_time", IcebergType.String),
        NestedField.RequiredField(3, "departure_airport_code", IcebergType.String),
        NestedField.RequiredField(4, "arrival_time", IcebergType.String),
        NestedField.RequiredField(5, "arrival_airport_code", IcebergType.String),
        NestedField.RequiredField(6, "flight_duration", IcebergType.Long),
        NestedField.RequiredField(7, "flight_number", IcebergType.String),
        NestedField.RequiredField(8, "confirmation_code", IcebergType.String),
        NestedField.RequiredField(9, "ticket_price", IcebergType.Decimal(10, 2)),
        NestedField.RequiredField(10, "aircraft", IcebergType.String),
        NestedField.RequiredField(11, "booking_agency_email", IcebergType.String));

    public static readonly Schema Flight = new(
        NestedField.RequiredField(1, "email_address", IcebergType.String),
        NestedField.RequiredField(2, "departure_time", IcebergType.String),
        NestedField.RequiredField(3, "departure_airport_code", IcebergType.String),
        NestedField.RequiredField(4, "arrival_time", IcebergType.String),
        NestedField.RequiredField(5, "arrival_airport_code", IcebergType.String),
        NestedField.RequiredField(6, "flight_number", IcebergType.String),
        NestedField.RequiredField(7, "confirmation_code", IcebergType.String),
        NestedField.RequiredField(8, "airline", IcebergType.String));

    public static readonly Schema FlyerStats = new(
        NestedField.RequiredField(1, "email_address", IcebergType.String),
        NestedField.RequiredField(2, "total_flight_duration", IcebergType.Long),
        NestedField.RequiredField(3, "number_of_flights", IcebergType.Long));

    /// <summary>Departure month: the first 7 characters of "yyyy-MM-dd HH:mm:ss".</summary>
    public static PartitionSpec ByDepartureMonth(Schema schema) =>
        PartitionSpec.BuilderFor(schema).Truncate("departure_time", 7).Build();

    public static PartitionSpec ByFlyerBucket(Schema schema) =>
        PartitionSpec.BuilderFor(schema).Bucket("email_address", 16).Build();

    /// <summary>Every table: name, schema, partition spec.</summary>
    public static IReadOnlyList<(string Name, Schema Schema, PartitionSpec Spec)> All { get; } =
    [
        (Tables.SunsetAirline, Booking, ByDepartureMonth(Booking)),
        (Tables.SkyOneAirline, Booking, ByDepartureMonth(Booking)),
        (Tables.Flight, Flight, ByDepartureMonth(Flight)),
        (Tables.FlyerStats, FlyerStats, ByFlyerBucket(FlyerStats)),
    ];
}
