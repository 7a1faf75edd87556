using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs;
using Kickstarter.Silo.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kickstarter.Silo.Http;

/// <summary>Live queries on grain state over HTTP, and health probes.</summary>
public static class Endpoints
{
    public static IEndpointRouteBuilder MapKickstarterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Text(
            "Kickstarter: GET /flyers/{email}/stats, GET /flights/{flight_number}, GET /committers, /dashboard, /metrics, "
            + "/health/live, /health/ready\n"));

        app.MapGet("/flyers/{email}/stats", async (string email, IGrainFactory grains) =>
            await grains.GetGrain<IFlyerStatsGrain>(email).GetStatsAsync() is { } stats
                ? Results.Json(stats)
                : Results.NotFound(new { error = $"no flights seen for flyer '{email}'" }));

        app.MapGet("/flights/{flightNumber}", async (string flightNumber, IGrainFactory grains) =>
        {
            var summary = await grains.GetGrain<IFlightGrain>(flightNumber).GetSummaryAsync();
            return summary.BookingCount > 0
                ? Results.Json(new
                {
                    flight_number = summary.FlightNumber,
                    airline = summary.Airline,
                    booking_count = summary.BookingCount,
                    flights_passed_on = summary.FlightsPassedOn,
                    confirmation_codes = summary.ConfirmationCodes,
                })
                : Results.NotFound(new { error = $"no bookings seen for flight '{flightNumber}'" });
        });

        app.MapGet("/committers", async (IGrainFactory grains) =>
            Results.Json(await Task.WhenAll(
                JobCatalog.All.Select(job => grains.GetGrain<ICommitterGrain>(job.Name).GetStatusAsync()))));

        app.MapKickstarterHealth();
        return app;
    }
}

