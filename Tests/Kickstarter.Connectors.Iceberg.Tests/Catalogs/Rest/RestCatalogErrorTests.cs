using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Testing;
using Xunit;
using static Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest.RestClients;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest;

/// <summary>A catalog that cannot be reached, or answers what the specification does not allow, gives one clear error.</summary>
public sealed class RestCatalogErrorTests
{
    [Fact]
    public async Task UnreachableCatalogNamesTheSetting()
    {
        await using var server = await RestCatalogServer.StartAsync();
        var uri = $"http://127.0.0.1:{FreePort.Next()}/catalog";
        using var catalog = Client(server, options =>
        {
            options.Uri = uri;
            options.MaxRetries = 1;
        });

        var error = await Assert.ThrowsAsync<CatalogUnavailableException>(() => catalog.LoadTableAsync(Flight, CancellationToken.None));

        Assert.Contains($"REST catalog at {uri}/ (setting Iceberg:Catalog:Rest:Uri) is unavailable", error.Message);
        Assert.Contains("MaxRetries=1", error.Message);
    }

    [Fact]
    public async Task AnswerBreakingTheSpecificationIsOneClearError()
    {
        await using var server = await RestCatalogServer.StartAsync();
        using var catalog = Client(server);
        await CreateFlightAsync(catalog);
        server.BreakLoadTable = true;

        var error = await Assert.ThrowsAsync<CatalogUnavailableException>(() => catalog.LoadTableAsync(Flight, CancellationToken.None));

        Assert.Contains(
            "answered loadTable kickstarter.airlines.flight with a body the Iceberg REST specification does not allow: $.metadata is " +
            "required", error.Message);
    }

    [Fact]
    public async Task CommitStateUnknownWhenTheCatalogVanishesAfterTheCommit()
    {
        await using var server = await RestCatalogServer.StartAsync();
        using var catalog = Client(server, options => options.MaxRetries = 1);
        var table = await CreateFlightAsync(catalog);
        // Applied, then the answer is lost, and from then on the catalog answers every read with 503.
        server.OnCommit = _ =>
        {
            server.UnavailableReads = true;
            return CommitFault.ApplyThenDrop;
        };
        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 10), "x", CancellationToken.None);

        var error = await Assert.ThrowsAsync<CommitStateUnknownException>(() => table.NewAppend().AddFiles(files).CommitAsync());

        Assert.Contains("may or may not have been applied", error.Message);
        Assert.Equal(1, server.CommitCalls);
        server.UnavailableReads = false;
        var after = await catalog.LoadTableAsync(Flight, CancellationToken.None);
        Assert.Single(after.Metadata.Snapshots); // it had landed; nothing was sent twice
    }
}
