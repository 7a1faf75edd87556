using System.Text;
using Kickstarter.Connectors.Iceberg.Io;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests;

/// <summary>The exclusive create that metadata commits rely on.</summary>
public sealed class LocalFileIOTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    [Fact]
    public async Task ExactlyOneOfManyRacingCreatorsWinsAndItsContentStays()
    {
        var io = new LocalFileIO();
        for (var round = 0; round < 20; round++)
        {
            var location = LocalFileIO.ToLocation(Path.Combine(_warehouse.Root, "metadata", $"v{round}.metadata.json"));
            var results = await Task.WhenAll(
                Enumerable.Range(0, 8)
                .Select(i => Task.Run(() => io.TryCreateAsync(location, Encoding.UTF8.GetBytes($"writer {i}"), CancellationToken.None))));
            var winner = Assert.Single(results.Select((won, i) => (won, i)), r => r.won);
            Assert.Equal($"writer {winner.i}", Encoding.UTF8.GetString(await io.ReadAsync(location, CancellationToken.None)));
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(_warehouse.Root, "metadata"), ".tmp-*"));
    }

    [Fact]
    public async Task ListingReturnsLocationsThatReadBack()
    {
        var io = new LocalFileIO();
        var location = LocalFileIO.ToLocation(Path.Combine(_warehouse.Root, "data", "a=1", "f.parquet"));
        await io.WriteAsync(location, new byte[] { 1, 2, 3 }, CancellationToken.None);
        var listed = await io.ListAsync(LocalFileIO.ToLocation(_warehouse.Root), CancellationToken.None).ToListAsync();
        var entry = Assert.Single(listed);
        Assert.Equal(location, entry.Location);
        Assert.Equal(3, entry.Size);
        Assert.True(await io.ExistsAsync(entry.Location, CancellationToken.None));
        await io.DeleteAsync(entry.Location, CancellationToken.None);
        Assert.False(await io.ExistsAsync(entry.Location, CancellationToken.None));
    }
}
