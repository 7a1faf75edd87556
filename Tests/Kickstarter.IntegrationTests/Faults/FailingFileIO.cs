using Kickstarter.Connectors.Iceberg.Io;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// The warehouse's file IO with its first <c>failures</c> writes under a location part (say <c>/metadata/</c>) refused,
/// as storage that is unreachable or refuses a write would; everything else goes to <paramref name="inner"/>.
/// </summary>
internal sealed class FailingFileIO(IFileIO inner, string locationPart, int failures) : IFileIO
{
    private int _refused;

    /// <summary>Writes refused so far.</summary>
    public int Refused => Math.Min(failures, Volatile.Read(ref _refused));

    public bool SupportsAtomicCreate => inner.SupportsAtomicCreate;

    public Task<byte[]> ReadAsync(string location, CancellationToken ct) => inner.ReadAsync(location, ct);

    public Task WriteAsync(string location, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        Refuse(location);
        return inner.WriteAsync(location, content, ct);
    }

    public Task<bool> TryCreateAsync(string location, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        Refuse(location);
        return inner.TryCreateAsync(location, content, ct);
    }

    public Task<bool> ExistsAsync(string location, CancellationToken ct) => inner.ExistsAsync(location, ct);

    public Task DeleteAsync(string location, CancellationToken ct) => inner.DeleteAsync(location, ct);

    public IAsyncEnumerable<FileEntry> ListAsync(string prefix, CancellationToken ct) => inner.ListAsync(prefix, ct);

    private void Refuse(string location)
    {
        if (location.Contains(locationPart, StringComparison.Ordinal) && Interlocked.Increment(ref _refused) <= failures)
        {
            throw new IOException($"injected: the write of {location} was refused");
        }
    }
}
