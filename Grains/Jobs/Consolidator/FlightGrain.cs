using Kickstarter.Grains.Epochs.Participant;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Epochs;
using Kickstarter.Grains.Interfaces.Grains;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Grains.Jobs.Consolidator;

/// <summary>
/// One flight number. Receives its bookings from both airline topics (stream key = flight number), remembers them by
/// confirmation code, and owes the committer the raw booking and, when still upcoming, the unified flight.
/// </summary>
[ImplicitStreamSubscription(Topics.Sunset)]
[ImplicitStreamSubscription(Topics.SkyOne)]
public sealed partial class FlightGrain(
    [PersistentState("flight", ProviderNames.PipelineStorage)] IPersistentState<FlightState> state,
    EpochParticipants participants,
    ILogger<FlightGrain> logger)
    : JobGrain<FlightState, BookingRecord>(state, participants, ConsolidatorJob.Definition), IFlightGrain
{
    protected override void Apply(BookingRecord record)
    {
        var current = State;
        var booking = record.Booking;
        if (!current.TryRemember(booking.ConfirmationCode, record.Source.TimestampMs))
        {
            current.DuplicateBookings++;
            return;
        }

        var airline = Airline.ForTopic(record.Source.Topic)!;
        current.Bookings.Add(record.Source.TimestampMs, booking);
        if (FlightMapper.IsUpcoming(booking, record.Source.TimestampMs))
        {
            current.Flights.Add(record.Source.TimestampMs, FlightMapper.ToFlight(booking, airline));
            current.FlightsPassedOn++;
        }
    }

    public async Task<FlightSummary> GetSummaryAsync()
    {
        await RefreshIfCleanAsync();
        var key = this.GetPrimaryKeyString();
        var current = State;
        return new FlightSummary(
            key,
            Airline.ForFlightNumber(key)?.Name ?? "",
            current.BookingsSeen,
            current.FlightsPassedOn,
            [.. current.RecentCodes.Keys.Order(StringComparer.Ordinal)]);
    }

    // Confirmation codes are kept for a window of event time; the watermark says when that window has passed.
    protected override bool OnWatermark(long watermarkMs) => State.ForgetCodesBefore(watermarkMs);

    protected override EpochOutputs TakeOutputs(SnapshotRequest request, out bool changed)
    {
        var current = State;
        // Raw bookings go out at once; flights wait for the watermark so that airline.flight stays in event-time
        // order per partition, which is what makes the flyer windows downstream deterministic.
        var (bookings, bookingsChanged) = current.Bookings.Take(request, long.MaxValue);
        var (flights, flightsChanged) = current.Flights.Take(request, request.WatermarkMs);
        changed = bookingsChanged || flightsChanged;
        var missed = current.Bookings.LastTakeFoundMissedEpochs + current.Flights.LastTakeFoundMissedEpochs;
        if (missed > 0 && logger.IsEnabled(LogLevel.Information))
        {
            var flightNumber = this.GetPrimaryKeyString();
            LogMissedEpochs(logger, flightNumber, missed, request.Epoch, request.Ledger.PreviousPrepared);
        }

        var outputs = new EpochOutputs();
        ConsolidatorJob.RawBookingsOf(Airline.ForFlightNumber(this.GetPrimaryKeyString())).AddTo(outputs, bookings);
        ConsolidatorJob.Flights.AddTo(outputs, flights);
        return outputs;
    }

    protected override bool OwesOutputs => State.OwesOutputs;

    protected override ReplayGuard Replay => State.Replay;

    protected override long LastSnapshotEpoch
    {
        get => State.LastSnapshotEpoch;
        set => State.LastSnapshotEpoch = value;
    }

    // Rows an abandoned epoch handed, found only epochs after a rewind (the ledger's remembered runs keep them).
    [LoggerMessage(EventId = 142, Level = LogLevel.Information,
        Message = "Flight {FlightNumber}: {Rows} rows handed in an abandoned epoch below the previous prepared one " +
            "({PreviousPrepared}) are handed again in epoch {Epoch}: this grain missed epochs after a crash")]
    private static partial void LogMissedEpochs(ILogger logger, string flightNumber, int rows, long epoch, long previousPrepared);
}
