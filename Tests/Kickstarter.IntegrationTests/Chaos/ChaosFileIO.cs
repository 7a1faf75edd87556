using Kickstarter.Connectors.Iceberg.Io;

namespace Kickstarter.IntegrationTests.Chaos;

/// <summary>
/// The warehouse's real file IO with a hook on the one step that commits an Iceberg table in the Hadoop layout: the
/// atomic create of the table's next <c>vN.metadata.json</c>. When that create belongs to a sink commit
/// (<see cref="ChaosJobSink.Current"/>), the hook runs first, so the chaos test can hold the commit there and kill its
/// silo with the epoch half-committed; the outcome of the create is recorded on the <see cref="SinkCommit"/>.
/// </summary>
internal sealed class ChaosFileIO(IFileIO inner) : IFileIO
{
    /// <summary>Called before a sink commit creates a table's next metadata file (its location is the argument).</summary>
    public static Func<SinkCommit, string, Task>? BeforeTableCommit { get; set; }

    public bool SupportsAtomicCreate => inner.SupportsAtomicCreate;

    public async Task<bool> TryCreateAsync(string location, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        if (ChaosJobSink.Current is not { } commit || !location.EndsWith(".metadata.json", StringComparison.Ordinal))
        {
            return await inner.TryCreateAsync(location, content, ct).ConfigureAwait(false);
        }

        if (BeforeTableCommit is { } hook)
        {
            // Off the silo's scheduler from here on: a held create goes on after its silo was killed.
            await hook(commit, location).ConfigureAwait(false);
        }

        var created = await inner.TryCreateAsync(location, content, ct).ConfigureAwait(false);
        commit.TableCommitAttempted(location, created);
        return created;
    }

    public Task<byte[]> ReadAsync(string location, CancellationToken ct) => inner.ReadAsync(location, ct);

    public Task WriteAsync(string location, ReadOnlyMemory<byte> content, CancellationToken ct) => inner.WriteAsync(location, content, ct);

    public Task<bool> ExistsAsync(string location, CancellationToken ct) => inner.ExistsAsync(location, ct);

    public Task DeleteAsync(string location, CancellationToken ct) => inner.DeleteAsync(location, ct);

    public IAsyncEnumerable<FileEntry> ListAsync(string prefix, CancellationToken ct) => inner.ListAsync(prefix, ct);
}
