using System.Globalization;
using System.IO.Compression;
using Kickstarter.Connectors.DynamoDB.Tests.Infrastructure;

namespace Kickstarter.Connectors.DynamoDB.Tests.Storage;

[Collection(DynaliteCollection.Name)]
public sealed class SizeAndCompressionTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task StateAboveTheThresholdIsStoredBrotliCompressedAndRoundTrips()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl, o => o.CompressionThresholdBytes = 1024);
        var grainId = StorageHarness.NewGrainId();
        var note = string.Concat(Enumerable.Range(0, 4000).Select(i => $"SUN{i % 50:000} "));
        await harness.Storage.WriteStateAsync("s", grainId, new StoredState<CounterState>(new CounterState { Count = 1, Note = note }));

        var item = await harness.ReadItemAsync("s", grainId);
        Assert.Equal("br", item!["Codec"].S);
        var stored = item["Payload"].B.ToArray();
        var rawSize = int.Parse(item["RawSize"].N, CultureInfo.InvariantCulture);
        Assert.True(stored.Length < rawSize / 4, $"stored {stored.Length} bytes of {rawSize}");
        // An independent reader: the payload is plain Brotli of the serialized size.
        using (var brotli = new BrotliStream(new MemoryStream(stored), CompressionMode.Decompress))
        {
            var decompressed = new MemoryStream();
            brotli.CopyTo(decompressed);
            Assert.Equal(rawSize, decompressed.Length);
        }

        var read = new StoredState<CounterState>();
        await harness.Storage.ReadStateAsync("s", grainId, read);
        Assert.Equal(note, read.State.Note);
    }

    [Fact]
    public async Task StateBelowTheThresholdIsStoredUncompressed()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl, o => o.CompressionThresholdBytes = 100_000);
        var grainId = StorageHarness.NewGrainId();

        await harness.Storage.WriteStateAsync("s", grainId, new StoredState<CounterState>(new CounterState { Note = new string('x', 5000) }));

        Assert.Equal("none", (await harness.ReadItemAsync("s", grainId))!["Codec"].S);
    }

    [Fact]
    public async Task IncompressibleStateIsStoredUncompressedEvenAboveTheThreshold()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl, o => o.CompressionThresholdBytes = 1024);
        var grainId = StorageHarness.NewGrainId();

        await harness.Storage.WriteStateAsync("s", grainId, new StoredState<CounterState>(new CounterState { Blob = RandomBytes(20_000, seed: 1) }));

        Assert.Equal("none", (await harness.ReadItemAsync("s", grainId))!["Codec"].S);
    }

    [Fact]
    public async Task StateCloseToTheItemLimitIsStoredAndReadBack()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl);
        var grainId = StorageHarness.NewGrainId();
        var blob = RandomBytes(380 * 1024, seed: 2);

        await harness.Storage.WriteStateAsync("s", grainId, new StoredState<CounterState>(new CounterState { Blob = blob }));
        var read = new StoredState<CounterState>();
        await harness.Storage.ReadStateAsync("s", grainId, read);

        Assert.Equal(blob, read.State.Blob);
    }

    [Fact]
    public async Task StateAboveTheItemLimitIsRefusedNamingGrainSizeAndLimitAndNothingChanges()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl);
        var grainId = StorageHarness.NewGrainId();
        var state = new StoredState<CounterState>(new CounterState { Count = 1 });
        await harness.Storage.WriteStateAsync("s", grainId, state);
        var eTagBefore = state.ETag;
        state.State.Blob = RandomBytes(500 * 1024, seed: 3);

        var error = await Assert.ThrowsAsync<GrainStateTooLargeException>(() => harness.Storage.WriteStateAsync("s", grainId, state));

        Assert.Contains(grainId.ToString(), error.Message);
        Assert.Contains(error.ItemBytes.ToString(CultureInfo.InvariantCulture), error.Message);
        Assert.Contains("409600", error.Message);
        Assert.Contains("'dynamo'", error.Message);
        Assert.True(error.ItemBytes > 500 * 1024);
        Assert.Equal(409600, error.LimitBytes);
        Assert.Equal(eTagBefore, state.ETag);
        var read = new StoredState<CounterState>();
        await harness.Storage.ReadStateAsync("s", grainId, read);
        Assert.Equal(1, read.State.Count);
        Assert.Empty(read.State.Blob);
    }

    [Fact]
    public async Task LargeButCompressibleStateFitsThanksToCompression()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl);
        var grainId = StorageHarness.NewGrainId();
        var blob = new byte[2 * 1024 * 1024]; // 2 MiB of zeros: far above the limit raw, tiny compressed

        await harness.Storage.WriteStateAsync("s", grainId, new StoredState<CounterState>(new CounterState { Blob = blob }));
        var read = new StoredState<CounterState>();
        await harness.Storage.ReadStateAsync("s", grainId, read);

        Assert.Equal(blob.Length, read.State.Blob.Length);
        Assert.Equal("br", (await harness.ReadItemAsync("s", grainId))!["Codec"].S);
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
