using BenchmarkDotNet.Attributes;
using Kickstarter.Connectors.Iceberg;
using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Silo.Generator;

namespace Kickstarter.Benchmarks.Micro;

/// <summary>
/// Parquet writing per row as the sink does it: Table.WriteDataFilesAsync of one epoch's rows (partitioned by
/// departure month: ~13 files per call) into a temporary warehouse. Reported per row.
/// </summary>
[MemoryDiagnoser]
public class ParquetBenchmarks
{
    private const int Rows = 20_000;
    private string _warehouse = null!;
    private Table _bookings = null!;
    private Table _flights = null!;
    private List<object?[]> _bookingRows = null!;
    private List<object?[]> _flightRows = null!;
    private int _call;

    [GlobalSetup]
    public void Setup()
    {
        _warehouse = Path.Combine(Path.GetTempPath(), "kickstarter-micro-" + Guid.NewGuid().ToString("N"));
        var catalog = new HadoopCatalog(new LocalFileIO(), _warehouse);
        _bookings = Create(catalog, Tables.SunsetAirline);
        _flights = Create(catalog, Tables.Flight);
        var generator = new BookingGenerator(Airline.Sunset, 3, BookingGenerator.CreateFlyerPool(3, 100), DateTimeOffset.UtcNow, 1000);
        var bookings = Enumerable.Range(0, Rows).Select(_ => generator.Next().Booking).ToList();
        _bookingRows = [.. bookings.Select(BookingRows.ToRow)];
        _flightRows = [.. bookings.Select(booking => FlightRows.ToRow(FlightMapper.ToFlight(booking, Airline.Sunset)))];
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_warehouse, recursive: true);

    [Benchmark(OperationsPerInvoke = Rows)]
    public Task WriteBookingRow() => _bookings.WriteDataFilesAsync(_bookingRows, $"b{_call++}", CancellationToken.None);

    [Benchmark(OperationsPerInvoke = Rows)]
    public Task WriteFlightRow() => _flights.WriteDataFilesAsync(_flightRows, $"f{_call++}", CancellationToken.None);

    private static Table Create(HadoopCatalog catalog, string name)
    {
        var table = JobCatalog.Tables.Single(candidate => candidate.Name == name);
        var id = new TableIdentifier(Tables.Namespace.Split('.'), name);
        return catalog.CreateTableIfNotExistsAsync(id, table.Schema, table.Spec, null, CancellationToken.None).GetAwaiter().GetResult();
    }
}
