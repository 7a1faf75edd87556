using Kickstarter.Grains.Epochs;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Epochs;
using Kickstarter.Grains.Interfaces.Grains;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Kickstarter.Grains.Flights;

/// <summary>
/// One flight number. Receives its bookings from both airline topics (stream key = flight number), remembers them by
/// confirmation code, and owes the committer the raw booking and, when still upcoming, the unified flight.
/// </summary>
[ImplicitStreamSubscription(Topics.Sunset)]
[ImplicitStreamSubscription(Topics.SkyOne)]
public sealed class FlightGrain(
    [PersistentState("flight", ProviderNames.PipelineStorage)] IPersistentState<FlightState> state,
    EpochParticipants participants)
    : PipelineGrain<FlightState>(state, participants, Jobs.Consolidator), IFlightGrain, IAsyncBatchObserver<BookingRecord>
{
    public override Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<BookingRecord>().ResumeAsync(this);

    public Task OnNextAsync(IList<SequentialItem<BookingRecord>> items)
    {
        var s = State;
        foreach (var item in items)
        {
            var record = item.Item;
            if (!s.Replay.TryAccept(record.Source))
            {
                continue;
            }

            var booking = record.Booking;
            if (!s.ConfirmationCodes.Add(booking.ConfirmationCode))
            {
                s.DuplicateBookings++;
                continue;
            }

            var airline = Airline.ForTopic(record.Source.Topic)!;
            s.Bookings.Add(record.Source.TimestampMs, booking);
            if (FlightMapper.IsUpcoming(booking, record.Source.TimestampMs))
            {
                s.Flights.Add(record.Source.TimestampMs, FlightMapper.ToFlight(booking, airline));
                s.FlightsPassedOn++;
            }
        }

        MarkTouched();
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public Task<FlightSummary> GetSummaryAsync()
    {
        var key = this.GetPrimaryKeyString();
        var s = State;
        return Task.FromResult(new FlightSummary(
            key,
            Airline.ForFlightNumber(key)?.Name ?? "",
            s.ConfirmationCodes.Count,
            s.FlightsPassedOn,
            [.. s.ConfirmationCodes.Order(StringComparer.Ordinal)]));
    }

    protected override EpochOutputs TakeOutputs(SnapshotRequest request, out bool changed)
    {
        var s = State;
        // Raw bookings go out at once; flights wait for the watermark so that airline.flight stays in event-time
        // order per partition, which is what makes the flyer windows downstream deterministic.
        var (bookings, bookingsChanged) = s.Bookings.Take(request, long.MaxValue);
        var (flights, flightsChanged) = s.Flights.Take(request, request.WatermarkMs);
        changed = bookingsChanged || flightsChanged;
        var airline = Airline.ForFlightNumber(this.GetPrimaryKeyString());
        var outputs = new EpochOutputs { Flights = flights };
        (airline == Airline.SkyOne ? outputs.SkyOneBookings : outputs.SunsetBookings).AddRange(bookings);
        return outputs;
    }

    protected override bool OwesOutputs => State.OwesOutputs;

    protected override ReplayGuard Replay => State.Replay;

    protected override long LastSnapshotEpoch
    {
        get => State.LastSnapshotEpoch;
        set => State.LastSnapshotEpoch = value;
    }
}
