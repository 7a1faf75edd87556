using Kickstarter.Grains.Epochs.Participant;
using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Jobs.Consolidator;

/// <summary>Durable state of one flight grain: what it has seen, its replay guard and what it owes the sinks.</summary>
/// <remarks>
/// Bounded by event time: a flight number takes bookings for as long as the job runs, so the confirmation codes that
/// recognise a booking sent twice are kept for <see cref="DuplicateWindowMs"/> of event time after the booking, then
/// forgotten as the watermark passes (the set used to keep every code forever, and outgrew its storage item).
/// </remarks>
[GenerateSerializer]
public sealed class FlightState
{
    /// <summary>How long (event time) after a booking the same confirmation code is still recognised: one hour.</summary>
    public const long DuplicateWindowMs = 60 * 60 * 1000;

    // Id(0) held every confirmation code ever seen; RecentCodes (Id 7) replaces it.
    [Id(1)] public long FlightsPassedOn { get; set; }
    [Id(2)] public ReplayGuard Replay { get; set; } = new();
    [Id(3)] public Outbox<AirlineBooking> Bookings { get; set; } = new();
    [Id(4)] public Outbox<Flight> Flights { get; set; } = new();
    [Id(5)] public long LastSnapshotEpoch { get; set; }
    [Id(6)] public long DuplicateBookings { get; set; }

    /// <summary>Confirmation codes seen within the duplicate window, with the event time of their booking.</summary>
    [Id(7)] public Dictionary<string, long> RecentCodes { get; set; } = [];

    /// <summary>Distinct bookings seen over the grain's life.</summary>
    [Id(8)] public long BookingsSeen { get; set; }

    public bool OwesOutputs => Bookings.Count > 0 || Flights.Count > 0;

    /// <summary>True (and remembered) for a confirmation code not seen within the duplicate window.</summary>
    public bool TryRemember(string confirmationCode, long timestampMs)
    {
        if (!RecentCodes.TryAdd(confirmationCode, timestampMs))
        {
            return false;
        }

        BookingsSeen++;
        return true;
    }

    /// <summary>
    /// Forgets codes whose booking is more than <see cref="DuplicateWindowMs"/> older than the watermark. The final
    /// watermark of a drain (long.MaxValue) forgets nothing: it says the input ended, not that time moved on.
    /// </summary>
    /// <returns>True when codes were forgotten (the state changed).</returns>
    public bool ForgetCodesBefore(long watermarkMs)
    {
        if (watermarkMs == long.MaxValue || RecentCodes.Count == 0)
        {
            return false;
        }

        var horizon = watermarkMs - DuplicateWindowMs;
        var expired = RecentCodes.Where(code => code.Value < horizon).Select(code => code.Key).ToList();
        foreach (var code in expired)
        {
            RecentCodes.Remove(code);
        }

        return expired.Count > 0;
    }
}
