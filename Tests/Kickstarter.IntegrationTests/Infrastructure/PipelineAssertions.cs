using System.Globalization;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.Grains.Serialization;
using Kickstarter.Grains.Sinks;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// The exactly-once checks shared by the end-to-end and chaos tests: every output compared with what the input alone
/// says it must be, in the Iceberg tables (read independently), the Kafka topics (read_committed) and the grains.
/// </summary>
public static class PipelineAssertions
{
    /// <summary>Every expected flight exactly once in the <c>flight</c> table, with its fields.</summary>
    public static void FlightTableHoldsEveryExpectedFlightOnce(IndependentIcebergReader iceberg, FlightInput input)
    {
        var actual = iceberg.Rows(Tables.Flight).Select(r => ((string)r["email_address"]!, (string)r["flight_number"]!,
            (string)r["confirmation_code"]!, (string)r["airline"]!, (string)r["departure_time"]!, (string)r["arrival_time"]!)).ToList();
        var expected = input.ExpectedFlights();
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.OrderBy(f => f.Code).ThenBy(f => f.FlightNumber), actual.OrderBy(f => f.Item3).ThenBy(f => f.Item2));
    }

    /// <summary>Every accepted booking exactly once in its airline's raw table.</summary>
    public static void RawTablesHoldEveryAcceptedBooking(IndependentIcebergReader iceberg, FlightInput input)
    {
        foreach (var airline in Airline.All)
        {
            var rows = iceberg.Rows(airline.RawTable);
            var expected = input.Accepted().Where(b => b.Airline == airline).Select(b => b.Booking.ConfirmationCode + b.Booking.FlightNumber).Order().ToList();
            Assert.Equal(expected, rows.Select(r => (string)r["confirmation_code"]! + (string)r["flight_number"]!).Order().ToList());
            Assert.All(rows, r => Assert.InRange(Convert.ToDecimal(r["ticket_price"], CultureInfo.InvariantCulture), 500m, 1499m));
        }
    }

    /// <summary>
    /// In <c>airline.flight</c>, every expected flight under exactly one record id (ids count per partition), every
    /// copy of an id identical (copies can only come from attempts aborted or redone after a crash), keyed by email.
    /// Returns how many records were copies.
    /// </summary>
    public static int FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(string bootstrap, FlightInput input, PipelineSerdes? serdes = null)
    {
        Flight Decode(ReadRecord record) => Decoded(serdes, Topics.Flight, AvroRecords.Flight, record);
        var records = TopicReader.ReadAll(bootstrap, Topics.Flight, TimeSpan.FromMinutes(1));
        var byId = records.GroupBy(r => (r.Partition, Id: r.Headers["kickstarter-id"])).ToList();
        Assert.All(byId, g => Assert.Single(g.Select(r => Convert.ToBase64String(r.Bytes)).Distinct()));
        var flights = byId.Select(g => Decode(g.First())).ToList();
        var expected = input.ExpectedFlights().Select(f => f.Code + f.FlightNumber).Order().ToList();
        Assert.Equal(expected, flights.Select(f => f.ConfirmationCode + f.FlightNumber).Order().ToList());
        Assert.All(records, r => Assert.Equal(Decode(r).EmailAddress, r.Key));
        return records.Count - byId.Count;
    }

    /// <summary>
    /// Where <c>airline.flight</c> is out of event-time order within a partition (first copy of each record id, in
    /// offset order): each a flight behind a later one already read, which turns late in the flyer windows downstream.
    /// </summary>
    public static List<string> FlightTopicOutOfEventTimeOrder(string bootstrap) =>
    [
        .. TopicReader.ReadAll(bootstrap, Topics.Flight, TimeSpan.FromMinutes(1))
            .OrderBy(r => r.Partition).ThenBy(r => r.Offset)
            .DistinctBy(r => (r.Partition, r.Headers["kickstarter-id"]))
            .GroupBy(r => r.Partition)
            .SelectMany(partition => partition.Zip(partition.Skip(1))
                .Where(pair => pair.Second.TimestampMs < pair.First.TimestampMs)
                .Select(pair => $"{partition.Key}@{pair.Second.Offset} ({pair.Second.TimestampMs}) " +
                    $"after @{pair.First.Offset} ({pair.First.TimestampMs})")),
    ];

    /// <summary>
    /// Each flyer's final stats equal an independent recount, in the grains, the <c>flyer_stats</c> table and
    /// <c>airline.flyer_stats</c>; each window a flyer flew in is emitted exactly once.
    /// </summary>
    public static async Task FlyerStatsAgreeEverywhereWithAnIndependentRecountAsync(
        IGrainFactory grains, IndependentIcebergReader iceberg, string bootstrap, FlightInput input, PipelineSerdes? serdes = null)
    {
        await FlyerGrainsAgreeWithAnIndependentRecountAsync(grains, input);
        FlyerStatsOutputsAgreeWithAnIndependentRecount(iceberg, bootstrap, input, serdes);
    }

    /// <summary>Each flyer grain's live stats equal the independent recount (needs the silos up).</summary>
    public static async Task FlyerGrainsAgreeWithAnIndependentRecountAsync(IGrainFactory grains, FlightInput input)
    {
        foreach (var (email, (minutes, flights)) in input.ExpectedStats())
        {
            Assert.Equal(new FlyerStats(email, minutes, flights), await grains.GetGrain<IFlyerStatsGrain>(email).GetStatsAsync());
        }
    }

    /// <summary>
    /// The <c>flyer_stats</c> table and <c>airline.flyer_stats</c> agree with the independent recount, and each window a
    /// flyer flew in is emitted exactly once (needs no silo).
    /// </summary>
    public static void FlyerStatsOutputsAgreeWithAnIndependentRecount(
        IndependentIcebergReader iceberg, string bootstrap, FlightInput input, PipelineSerdes? serdes = null)
    {
        var expected = input.ExpectedStats();
        var tableRows = iceberg.Rows(Tables.FlyerStats)
            .Select(r =>
                new FlyerStats(
                (string)r["email_address"]!, Convert.ToInt64(r["total_flight_duration"], CultureInfo.InvariantCulture),
                Convert.ToInt64(r["number_of_flights"], CultureInfo.InvariantCulture)))
            .ToList();
        var topicRows = TopicReader.ReadAll(bootstrap, Topics.FlyerStats, TimeSpan.FromMinutes(1))
            .GroupBy(r => (r.Partition, Id: r.Headers["kickstarter-id"]))
            .Select(g => Decoded(serdes, Topics.FlyerStats, AvroRecords.FlyerStats, g.First()))
            .ToList();
        var windows = input.ExpectedWindowCounts();
        foreach (var rows in new[] { tableRows, topicRows })
        {
            // Each window a flyer flew in is emitted once, and the cumulative count only grows.
            Assert.Equal(rows.Count, rows.Select(r => (r.EmailAddress, r.NumberOfFlights)).Distinct().Count());
            var final = rows.GroupBy(r => r.EmailAddress).ToDictionary(g => g.Key, g => g.MaxBy(r => r.NumberOfFlights)!);
            Assert.Equal(expected.Keys.Order(), final.Keys.Order());
            Assert.All(expected, e => Assert.Equal((e.Value.Minutes, e.Value.Flights), (final[e.Key].TotalFlightDuration, final[e.Key].NumberOfFlights)));
            Assert.All(windows, w => Assert.Equal(w.Value, rows.Count(r => r.EmailAddress == w.Key)));
        }
    }

    /// <summary>
    /// No epoch of a job appended to a table twice: the snapshots that carry an epoch (summary
    /// <c>kickstarter.committer</c> and <c>kickstarter.epoch</c>, the commit's output id) name each (job, epoch) once.
    /// </summary>
    public static void NoTableHoldsAnEpochTwice(IndependentIcebergReader iceberg)
    {
        var twice = new List<string>();
        var epochs = 0;
        foreach (var table in new[] { Tables.Flight, Tables.SunsetAirline, Tables.SkyOneAirline, Tables.FlyerStats })
        {
            var appended = iceberg.Snapshots(table)
                .Where(s => s.Summary.ContainsKey(JobSink.EpochProperty))
                .GroupBy(s => (Job: s.Summary[JobSink.CommitterProperty], Epoch: s.Summary[JobSink.EpochProperty]))
                .ToList();
            epochs += appended.Count;
            twice.AddRange(appended.Where(g => g.Count() > 1)
                .Select(g => $"{table}: {g.Key.Job} epoch {g.Key.Epoch} in snapshots {string.Join(", ", g.Select(s => s.Id))}"));
        }

        Assert.True(epochs > 0, "no table snapshot carries an epoch");
        Assert.True(twice.Count == 0, "epochs appended twice: " + string.Join("; ", twice));
    }

    /// <summary>
    /// No epoch committed twice in Kafka, by the producers' own commit events: a second committed transaction of an
    /// epoch repeats every record id of it. (On the embedded cluster the topics also show aborted copies of ids, so
    /// the topics alone cannot tell.) Returns how many epochs were committed.
    /// </summary>
    public static int NoKafkaEpochCommittedTwice(IEnumerable<KafkaEpochCommit> commits)
    {
        var byEpoch = commits.GroupBy(c => (c.TransactionalId, c.Job, c.Epoch)).ToList();
        var twice = byEpoch.Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Job} epoch {g.Key.Epoch} committed by " +
                string.Join(" and ", g.Select(c => $"{c.Source} (attempt {c.Attempt})")))
            .ToList();
        Assert.True(twice.Count == 0, "Kafka transactions committed twice: " + string.Join("; ", twice));
        return byEpoch.Count;
    }

    /// <summary>
    /// Each one-minute window of each flyer emitted once, in the <c>flyer_stats</c> table (a fired window raises the
    /// flyer's cumulative flight count, so the count names the window) and in <c>airline.flyer_stats</c> (the record's
    /// timestamp is its window's last millisecond), under exactly one record id; copies of an id are identical.
    /// </summary>
    public static void FlyerStatsHoldEachWindowOfAFlyerOnce(IndependentIcebergReader iceberg, string bootstrap)
    {
        var tableTwice = iceberg.Rows(Tables.FlyerStats)
            .GroupBy(r => ((string)r["email_address"]!, Convert.ToInt64(r["number_of_flights"], CultureInfo.InvariantCulture)))
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Item1} after {g.Key.Item2} flights x{g.Count()}")
            .ToList();
        Assert.True(tableTwice.Count == 0, "flyer_stats rows repeated for a window: " + string.Join("; ", tableTwice.Take(20)));

        var records = TopicReader.ReadAll(bootstrap, Topics.FlyerStats, TimeSpan.FromMinutes(1));
        var byId = records.GroupBy(r => (r.Partition, Id: r.Headers["kickstarter-id"])).ToList();
        Assert.All(byId, g => Assert.Single(g.Select(r => Convert.ToBase64String(r.Bytes)).Distinct()));
        Assert.All(records, r => Assert.Equal(TumblingWindows.SizeMs - 1, r.TimestampMs % TumblingWindows.SizeMs));
        var topicTwice = byId.Select(g => g.First())
            .GroupBy(r => (r.Key, Window: r.TimestampMs))
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Key} window ending {DateTimeOffset.FromUnixTimeMilliseconds(g.Key.Window + 1):u} under ids " +
                string.Join(", ", g.Select(r => r.Headers["kickstarter-id"])))
            .ToList();
        Assert.True(topicTwice.Count == 0, "airline.flyer_stats windows emitted twice: " + string.Join("; ", topicTwice.Take(20)));
    }

    /// <summary>
    /// The (job, epoch)s whose records are in <c>airline.flight</c> or <c>airline.flyer_stats</c> but that no producer
    /// reported committed. On the embedded cluster that happens when an epoch's only transaction aborted (its records
    /// stay visible there) and the recovering committer then found them "visible" and skipped the redo; on a real
    /// broker those records would be hidden.
    /// </summary>
    public static List<string> EpochsInTopicsWithoutACommitEvent(string bootstrap, IEnumerable<KafkaEpochCommit> commits)
    {
        var committed = commits.Select(c => (c.Job, c.Epoch)).ToHashSet();
        return [.. new[] { Topics.Flight, Topics.FlyerStats }
            .SelectMany(topic => TopicReader.ReadAll(bootstrap, topic, TimeSpan.FromMinutes(1)))
            .Select(r => Kickstarter.Connectors.Kafka.Streams.KafkaRecordId.TryParse(r.Headers["kickstarter-id"], out var id)
                ? (id.Value.Producer, id.Value.Epoch)
                : throw new InvalidOperationException($"record without a valid id at offset {r.Offset}"))
            .Distinct()
            .Where(epoch => !committed.Contains(epoch))
            .Select(epoch => $"{epoch.Producer}/{epoch.Epoch}")];
    }

    /// <summary>A record's value in the pipeline's format (JSON when <paramref name="serdes"/> is null); fails the test when undecodable.</summary>
    internal static T Decoded<T>(PipelineSerdes? serdes, string topic, RecordCodec<T> codec, ReadRecord record)
        where T : class
    {
        var (value, error) = (serdes ?? PipelineSerdes.Json).Deserialize(topic, codec, record.Bytes);
        Assert.True(error is null, $"{topic} {record.Partition}@{record.Offset}: {error}");
        return value!;
    }
}
