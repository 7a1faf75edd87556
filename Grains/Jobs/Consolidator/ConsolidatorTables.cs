using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Grains.Jobs.Consolidator;

/// <summary>
/// Iceberg schemas and partition spec of the Flight Consolidator's tables. Columns and types follow the data contract
/// (times stay strings, as in the original); field ids are fixed here and never reused.
/// </summary>
/// <remarks>
/// Partitioning by <c>truncate(7, departure_time)</c>, the departure month ("2026-03"), which prunes by date as a day
/// transform would while keeping the contract's string column; departures spread over a year, so a day partition
/// would make every epoch write ~365 tiny files per table, a month ~13.
/// </remarks>
public static class ConsolidatorTables
{
    /// <summary>Schema of <c>sunset_airline</c> and <c>skyone_airline</c>: the booking as published.</summary>
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

    /// <summary>Schema of <c>flight</c>.</summary>
    public static readonly Schema Flight = new(
        NestedField.RequiredField(1, "email_address", IcebergType.String),
        NestedField.RequiredField(2, "departure_time", IcebergType.String),
        NestedField.RequiredField(3, "departure_airport_code", IcebergType.String),
        NestedField.RequiredField(4, "arrival_time", IcebergType.String),
        NestedField.RequiredField(5, "arrival_airport_code", IcebergType.String),
        NestedField.RequiredField(6, "flight_number", IcebergType.String),
        NestedField.RequiredField(7, "confirmation_code", IcebergType.String),
        NestedField.RequiredField(8, "airline", IcebergType.String));

    /// <summary>Departure month: the first 7 characters of "yyyy-MM-dd HH:mm:ss".</summary>
    public static PartitionSpec ByDepartureMonth(Schema schema) =>
        PartitionSpec.BuilderFor(schema).Truncate("departure_time", 7).Build();
}
