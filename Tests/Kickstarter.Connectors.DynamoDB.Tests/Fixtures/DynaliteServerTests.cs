using Kickstarter.Connectors.DynamoDB.Tests.Infrastructure;
using Kickstarter.Testing;

namespace Kickstarter.Connectors.DynamoDB.Tests.Fixtures;

public sealed class DynaliteServerTests
{
    [Fact]
    public async Task GrainStateOnDiskSurvivesARestartOfDynalite()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dynalite-{Guid.NewGuid():N}");
        var tableName = $"t-{Guid.NewGuid():N}";
        var grainId = StorageHarness.NewGrainId();
        try
        {
            int firstPort;
            await using (var first = await DynaliteServer.StartAsync(path))
            await using (var harness = await StorageHarness.StartAsync(first.ServiceUrl, o => o.TableName = tableName))
            {
                firstPort = first.Port;
                await harness.Storage.WriteStateAsync("s", grainId, new StoredState<CounterState>(new CounterState { Count = 21 }));
            }

            await using var second = await DynaliteServer.StartAsync(path);
            await using var restarted = await StorageHarness.StartAsync(second.ServiceUrl, o => { o.TableName = tableName; o.CreateIfNotExists = false; });
            var read = new StoredState<CounterState>();
            await restarted.Storage.ReadStateAsync("s", grainId, read);

            Assert.Equal(21, read.State.Count);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public async Task MissingPackageFailsWithTheProvisioningCommand()
    {
        var empty = Directory.CreateTempSubdirectory("no-dynalite-");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DynaliteServer.StartAsync(packageDirectory: empty.FullName));

            Assert.Contains("bash scripts/test.sh", error.Message);
            Assert.Contains(empty.FullName, error.Message);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task DisposeStopsTheServer()
    {
        var server = await DynaliteServer.StartAsync();
        var port = server.Port;

        await server.DisposeAsync();

        using var client = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => client.ConnectAsync("127.0.0.1", port));
    }
}
