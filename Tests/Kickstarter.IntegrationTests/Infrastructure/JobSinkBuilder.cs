using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Grains.Hosting;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Serialization;
using Kickstarter.Grains.Sinks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// What the job sink tests build a <see cref="JobSink"/> from: an embedded Kafka cluster with the pipeline's topics
/// (one partition each), a temporary local warehouse, and the consolidator epoch they prepare (two flights, one
/// Sunset booking).
/// </summary>
internal sealed class JobSinkBuilder : IDisposable
{
    /// <summary>The job whose epochs the tests prepare and commit.</summary>
    public static readonly JobDefinition Job = ConsolidatorJob.Definition;

    /// <summary>Starts the cluster, creates the topics and a warehouse folder named <paramref name="warehousePrefix"/>*.</summary>
    public JobSinkBuilder(string warehousePrefix)
    {
        foreach (var topic in JobCatalog.Topics)
        {
            Kafka.CreateTopic(topic, 1);
        }

        Warehouse = Directory.CreateTempSubdirectory(warehousePrefix).FullName;
    }

    public EmbeddedKafkaCluster Kafka { get; } = EmbeddedKafkaCluster.Start(1);

    /// <summary>The local warehouse folder.</summary>
    public string Warehouse { get; }

    /// <summary>
    /// A sink on this cluster writing <paramref name="serdes"/>' format, on the local warehouse or on
    /// <paramref name="warehouse"/> at <paramref name="location"/>.
    /// </summary>
    public JobSink Build(PipelineSerdes serdes, JobWarehouse? warehouse = null, string? location = null)
    {
        var options = new JobsOptions { BootstrapServers = Kafka.BootstrapServers, Warehouse = location ?? Warehouse };
        return new JobSink(Options.Create(options), warehouse ?? JobWarehouse.Local(Warehouse), serdes, NullLoggerFactory.Instance);
    }

    /// <summary>One epoch's outputs: flights of a@ (CODEA) and b@ (CODEB), and CODEA's booking on Sunset.</summary>
    public static EpochOutputs Outputs()
    {
        var outputs = new EpochOutputs();
        ConsolidatorJob.Flights.AddTo(outputs, [Flight(2_000, "CODEB", "b@email.com"), Flight(1_000, "CODEA", "a@email.com")]);
        var booking = new AirlineBooking("a@email.com", "2026-05-01 10:00:00", "ATL", "2026-05-01 12:30:00", "SEA", 150,
            "SUN1", "CODEA", 500.00m, "AircraftABC", "agency@email.com");
        ConsolidatorJob.SunsetBookings.AddTo(outputs, [new Timed<AirlineBooking>(1_000, booking)]);
        return outputs;
    }

    private static Timed<Flight> Flight(long timestampMs, string confirmationCode, string email) =>
        new(timestampMs,
            new Flight(email, "2026-05-01 10:00:00", "ATL", "2026-05-01 12:30:00", "SEA", "SUN1", confirmationCode, "Sunset"));

    public void Dispose()
    {
        Kafka.Dispose();
        Directory.Delete(Warehouse, recursive: true);
    }
}
