using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Connectors.Kafka.SchemaRegistry;
using Kickstarter.Grains.Jobs;

namespace Kickstarter.Silo.Kafka;

/// <summary>
/// <c>dotnet run --project Silo -- embedded-kafka --bootstrap-file PATH [--registry-file PATH] [--partitions 8] [--brokers 1]</c>:
/// runs the embedded Kafka cluster and the embedded Schema Registry beside it on their own, so several silos, tests
/// and kcat can share them (give the silos <c>--SchemaRegistry:Url=URL --SchemaRegistry:AutoRegisterSchemas=true</c>).
/// Serves until Ctrl+C.
/// </summary>
public static class EmbeddedKafkaCommand
{
    public const string Name = "embedded-kafka";

    public static async Task<int> RunAsync(string[] args)
    {
        string? bootstrapFile = null;
        string? registryFile = null;
        var partitions = 8;
        var brokers = 1;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--bootstrap-file" when i + 1 < args.Length: bootstrapFile = args[++i]; break;
                case "--registry-file" when i + 1 < args.Length: registryFile = args[++i]; break;
                case "--partitions" when i + 1 < args.Length && int.TryParse(args[i + 1], out var partitionCount) && partitionCount > 0:
                    partitions = partitionCount;
                    i++;
                    break;
                case "--brokers" when i + 1 < args.Length && int.TryParse(args[i + 1], out var brokerCount) && brokerCount > 0:
                    brokers = brokerCount;
                    i++;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"embedded-kafka: unknown or invalid argument '{args[i]}'. " +
                        "Usage: embedded-kafka --bootstrap-file PATH [--registry-file PATH] [--partitions N] [--brokers N]");
                    return 2;
            }
        }

        using var cluster = EmbeddedKafkaCluster.Start(brokers);
        foreach (var topic in JobCatalog.Topics)
        {
            cluster.CreateTopic(topic, partitions, Math.Min(brokers, 3));
        }

        await using var registry = await EmbeddedSchemaRegistry.StartAsync();
        // The registry's file first: a reader waiting for the bootstrap file then finds both.
        await WriteAtomicallyAsync(registryFile, registry.Url);
        await WriteAtomicallyAsync(bootstrapFile, cluster.BootstrapServers);

        Console.WriteLine($"Embedded Kafka cluster: {cluster.BootstrapServers} ({brokers} broker(s), {partitions} partitions per topic)");
        Console.WriteLine($"Embedded Schema Registry: {registry.Url}");
        Console.WriteLine($"Try: kcat -b {cluster.BootstrapServers} -L; curl {registry.Url}/subjects");
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }

    private static async Task WriteAtomicallyAsync(string? path, string text)
    {
        if (path is null)
        {
            return;
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full + ".tmp", text);
        File.Move(full + ".tmp", full, overwrite: true);
    }
}
