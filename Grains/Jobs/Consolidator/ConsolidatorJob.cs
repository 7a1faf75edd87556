using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Serialization;

namespace Kickstarter.Grains.Jobs.Consolidator;

/// <summary>
/// The Flight Consolidator job: both airline topics into the <c>flight</c> table and <c>airline.flight</c>, and the
/// raw bookings into <c>sunset_airline</c> and <c>skyone_airline</c>.
/// </summary>
public static class ConsolidatorJob
{
    /// <summary>Raw Sunset Air bookings.</summary>
    public static readonly JobOutput<AirlineBooking> SunsetBookings = new(
        new OutputTable(Tables.SunsetAirline, ConsolidatorTables.Booking, ConsolidatorTables.ByDepartureMonth(ConsolidatorTables.Booking)),
        BookingRows.ToRow,
        booking => booking.ConfirmationCode);

    /// <summary>Raw Sky One bookings.</summary>
    public static readonly JobOutput<AirlineBooking> SkyOneBookings = new(
        new OutputTable(Tables.SkyOneAirline, ConsolidatorTables.Booking, ConsolidatorTables.ByDepartureMonth(ConsolidatorTables.Booking)),
        BookingRows.ToRow,
        booking => booking.ConfirmationCode);

    /// <summary>Unified upcoming flights, keyed by email on <c>airline.flight</c> (the Flyer Stats job's source).</summary>
    public static readonly JobOutput<Flight> Flights = new(
        new OutputTable(Tables.Flight, ConsolidatorTables.Flight, ConsolidatorTables.ByDepartureMonth(ConsolidatorTables.Flight)),
        FlightRows.ToRow,
        flight => flight.ConfirmationCode,
        new OutputTopic<Flight>(Topics.Flight, flight => flight.EmailAddress, AvroRecords.Flight));

    /// <summary>The job.</summary>
    public static readonly JobDefinition Definition = new()
    {
        Name = "consolidator",
        SettingName = "Consolidator",
        StreamProvider = ProviderNames.AirlineStreams,
        SourceTopics = [Topics.Sunset, Topics.SkyOne],
        DeserializerFor = serdes => new BookingDeserializer(serdes),
        GrainClass = typeof(FlightGrain),
        Outputs = [SunsetBookings, SkyOneBookings, Flights],
    };

    /// <summary>The raw-bookings output of <paramref name="airline"/> (Sunset's for anything but Sky One).</summary>
    public static JobOutput<AirlineBooking> RawBookingsOf(Airline? airline) =>
        airline == Airline.SkyOne ? SkyOneBookings : SunsetBookings;
}
