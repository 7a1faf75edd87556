using Kickstarter.Grains.Serialization;
using Kickstarter.Testing;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// The Silo's standalone <c>embedded-kafka</c> command as its own process, in a temporary folder of its own: the
/// embedded Kafka cluster with the pipeline's topics and the embedded Schema Registry beside it, outliving the Silo
/// processes a test starts, kills and restarts against it. Records are Avro (the Silo's default format) through that
/// registry; <see cref="Serdes"/> writes a test's input and decodes the topics for its checks.
/// </summary>
public sealed class StandaloneKafka : IAsyncDisposable
{
    private readonly TemporaryDirectory _workDir;
    private readonly SiloProcess _process;

    private StandaloneKafka(TemporaryDirectory workDir, SiloProcess process, string bootstrapServers, string schemaRegistryUrl)
    {
        _workDir = workDir;
        _process = process;
        BootstrapServers = bootstrapServers;
        SchemaRegistryUrl = schemaRegistryUrl;
        Serdes = new PipelineSerdes(new SerdesOptions { SchemaRegistryUrl = schemaRegistryUrl, AutoRegisterSchemas = true });
    }

    /// <summary>The cluster's bootstrap servers, as the command wrote them to its <c>--bootstrap-file</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>The embedded Schema Registry's URL, as the command wrote it to its <c>--registry-file</c>.</summary>
    public string SchemaRegistryUrl { get; }

    /// <summary>Avro serdes on this registry (subjects registered on first use), for a test's input and checks.</summary>
    public PipelineSerdes Serdes { get; }

    /// <summary>
    /// The switches that point a Silo at this cluster and registry, records in the default format (Avro). Schemas are
    /// registered by whoever writes a subject first, as the Silo does with its own embedded registry.
    /// </summary>
    public string[] SiloSwitches =>
    [
        $"--Kafka:BootstrapServers={BootstrapServers}", $"--SchemaRegistry:Url={SchemaRegistryUrl}",
        "--SchemaRegistry:AutoRegisterSchemas=true",
    ];

    /// <summary>The command's own output (its banner names both endpoints).</summary>
    public string Output => _process.Output;

    /// <summary>
    /// Starts <c>embedded-kafka --bootstrap-file F --registry-file R --partitions N</c> and waits for the bootstrap file,
    /// which the command writes after the registry's (so both are there once it is).
    /// </summary>
    public static async Task<StandaloneKafka> StartAsync(int partitions)
    {
        var workDir = TemporaryDirectory.Create("kickstarter-standalone-kafka-");
        var bootstrapFile = Path.Combine(workDir.Path, "kafka.bootstrap");
        var registryFile = Path.Combine(workDir.Path, "registry.url");
        var process = SiloProcess.StartRaw(workDir.Path, 0, "embedded-kafka", "--bootstrap-file", bootstrapFile,
            "--registry-file", registryFile, "--partitions", partitions.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            await Eventually.Until(() => File.Exists(bootstrapFile) || process.HasExited, TimeSpan.FromSeconds(60),
                "the standalone embedded Kafka writes its bootstrap file");
            if (!File.Exists(bootstrapFile))
            {
                throw new InvalidOperationException(
                    $"embedded-kafka exited with {process.ExitCode} before it wrote {bootstrapFile}:\n{process.Output}");
            }

            var bootstrap = (await File.ReadAllTextAsync(bootstrapFile)).Trim();
            var registry = (await File.ReadAllTextAsync(registryFile)).Trim();
            return new StandaloneKafka(workDir, process, bootstrap, registry);
        }
        catch
        {
            await process.DisposeAsync();
            await workDir.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Serdes.Dispose();
        await _process.DisposeAsync();
        await _workDir.DisposeAsync();
    }
}
