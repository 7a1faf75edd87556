using Kickstarter.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// An Orleans client of a cluster of <see cref="SiloProcess"/>es that find each other through Redis membership, as the
/// process tests use it: connect (retrying until a silo answers), then wait for the membership table to say which
/// silos are active, with the silos' output written to the test log when they never get there.
/// </summary>
public sealed class ClusterClient : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly ITestOutputHelper _output;

    private ClusterClient(IHost host, ITestOutputHelper output)
    {
        _host = host;
        _output = output;
        Grains = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The grain factory of the cluster.</summary>
    public IClusterClient Grains { get; }

    /// <summary>
    /// Connects to the cluster <paramref name="clusterId"/> (also its service id) registered in <paramref name="redis"/>.
    /// </summary>
    public static async Task<ClusterClient> ConnectAsync(string redis, string clusterId, ITestOutputHelper output)
    {
        var host = Host.CreateDefaultBuilder()
            .UseOrleansClient(client =>
            {
                client.UseRedisClustering(redis);
                // The silos register in Redis shortly after they start: keep trying until one answers.
                client.UseConnectionRetryFilter(async (_, ct) =>
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
                    return true;
                });
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = clusterId;
                });
            })
            .Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await host.StartAsync(timeout.Token);
        return new ClusterClient(host, output);
    }

    /// <summary>Waits until exactly <paramref name="count"/> silos are active; fails if one of <paramref name="silos"/> exited.</summary>
    public Task WaitForActiveSilosAsync(int count, IReadOnlyList<SiloProcess> silos) =>
        WaitAsync(hosts => hosts.Count == count, $"{count} silos are active in the membership table", silos);

    /// <summary>
    /// Waits until the active silos are exactly those listening on <paramref name="siloPorts"/>: a killed silo declared
    /// dead, a new one joined. Fails if one of <paramref name="silos"/> exited.
    /// </summary>
    public Task WaitForActiveSilosAsync(IReadOnlyCollection<int> siloPorts, IReadOnlyList<SiloProcess> silos) =>
        WaitAsync(hosts => hosts.Select(host => host.Endpoint.Port).Order().SequenceEqual(siloPorts.Order()),
            $"the active silos are those on ports {string.Join(", ", siloPorts.Order())}", silos);

    /// <summary>The address of the silo where the grain <paramref name="grain"/> is active now, if it is.</summary>
    public async Task<SiloAddress?> SiloOfAsync(GrainId grain)
    {
        var statistics = await Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.FirstOrDefault(statistic => statistic.GrainId == grain)?.SiloAddress;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Every silo may be gone already; the client has nothing left to say goodbye to.
        }

        _host.Dispose();
    }

    private async Task WaitAsync(Func<IReadOnlyList<SiloAddress>, bool> done, string what, IReadOnlyList<SiloProcess> silos)
    {
        var management = Grains.GetGrain<IManagementGrain>(0);
        try
        {
            await Eventually.Until(async () => done([.. (await management.GetHosts(onlyActive: true)).Keys]),
                TimeSpan.FromSeconds(120), what);
        }
        catch (TimeoutException)
        {
            foreach (var silo in silos)
            {
                _output.WriteLine(silo.Output);
            }

            throw;
        }

        Assert.All(silos, silo => Assert.False(silo.HasExited, "a silo process exited"));
    }
}
