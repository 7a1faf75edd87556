using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Tests;

/// <summary>A temporary warehouse folder with a Hadoop catalog over local files; deleted on dispose.</summary>
public sealed class TempWarehouse : IDisposable
{
    public TempWarehouse()
    {
        Root = Path.Combine(Path.GetTempPath(), "iceberg-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Io = new LocalFileIO();
        Catalog = new HadoopCatalog(Io, LocalFileIO.ToLocation(Root));
    }

    public string Root { get; }
    public LocalFileIO Io { get; }
    public HadoopCatalog Catalog { get; }

    public static TableIdentifier FlightId { get; } = new(["apache_kickstarter", "airlines"], "flight");

    public Task<Table> CreateFlightTableAsync(IReadOnlyDictionary<string, string>? properties = null, bool partitioned = true) =>
        Catalog.CreateTableIfNotExistsAsync(
            FlightId, TestData.FlightSchema, partitioned ? TestData.FlightSpec
            : PartitionSpec.Unpartitioned, properties, CancellationToken.None);

    public string TableDir => Path.Combine(Root, "apache_kickstarter", "airlines", "flight");

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The flight table of the pipeline and rows for it.</summary>
public static class TestData
{
    public static Schema FlightSchema { get; } = new(
        NestedField.RequiredField(1, "email_address", IcebergType.String),
        NestedField.RequiredField(2, "departure_time", IcebergType.TimestampTz),
        NestedField.OptionalField(3, "departure_airport_code", IcebergType.String),
        NestedField.OptionalField(4, "arrival_time", IcebergType.TimestampTz),
        NestedField.OptionalField(5, "arrival_airport_code", IcebergType.String),
        NestedField.OptionalField(6, "flight_number", IcebergType.String),
        NestedField.OptionalField(7, "confirmation_code", IcebergType.String),
        NestedField.OptionalField(8, "ticket_price", IcebergType.Decimal(10, 2)),
        NestedField.OptionalField(9, "aircraft", IcebergType.String),
        NestedField.OptionalField(10, "booking_agency_email", IcebergType.String),
        NestedField.OptionalField(11, "flight_date", IcebergType.Date),
        NestedField.OptionalField(12, "seats", IcebergType.Int),
        NestedField.OptionalField(13, "miles", IcebergType.Long),
        NestedField.OptionalField(14, "refundable", IcebergType.Boolean),
        NestedField.OptionalField(15, "load_factor", IcebergType.Double));

    public static PartitionSpec FlightSpec { get; } = PartitionSpec.BuilderFor(FlightSchema)
        .Bucket("email_address", 16)
        .Truncate("flight_number", 3)
        .Build();

    public static object?[] Flight(int i) =>
    [
        $"flyer{i % 37}@example.com",
        new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero).AddMinutes(i * 7).AddTicks(i * 10),
        i % 5 == 0 ? null : "SFO",
        new DateTimeOffset(2024, 5, 1, 11, 30, 0, TimeSpan.Zero).AddMinutes(i * 7),
        "JFK",
        (i % 2 == 0 ? "SUN" : "SKY") + (100 + (i % 50)),
        $"CONF{i:D6}",
        i % 7 == 0 ? null : 100.05m + (i * 1.10m),
        "A320",
        i % 3 == 0 ? null : "agent@example.com",
        new DateOnly(2024, 5, 1).AddDays(i % 30),
        150 + (i % 20),
        1000L + i,
        i % 2 == 0,
        0.5 + (i % 10) / 20.0,
    ];

    public static List<object?[]> Flights(int from, int count) => Enumerable.Range(from, count).Select(Flight).ToList();
}
