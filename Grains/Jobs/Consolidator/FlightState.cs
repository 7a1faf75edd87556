using Kickstarter.Grains.Epochs.Participant;
using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Jobs.Consolidator;

/// <summary>Durable state of one flight grain: what it has seen, its replay guard and what it owes the sinks.</summary>
[GenerateSerializer]
public sealed class FlightState
{
    /// <summary>Confirmation codes of the bookings seen, so a booking sent twice is recognised.</summary>
    [Id(0)] public HashSet<string> ConfirmationCodes { get; set; } = [];
    [Id(1)] public long FlightsPassedOn { get; set; }
    [Id(2)] public ReplayGuard Replay { get; set; } = new();
    [Id(3)] public Outbox<AirlineBooking> Bookings { get; set; } = new();
    [Id(4)] public Outbox<Flight> Flights { get; set; } = new();
    [Id(5)] public long LastSnapshotEpoch { get; set; }
    [Id(6)] public long DuplicateBookings { get; set; }

    public bool OwesOutputs => Bookings.Count > 0 || Flights.Count > 0;
}
