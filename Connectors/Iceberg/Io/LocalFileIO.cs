using System.Runtime.CompilerServices;

namespace Kickstarter.Connectors.Iceberg.Io;

/// <summary>
/// <see cref="IFileIO"/> on the local file system. Locations are file:// URIs (file:///abs/path) or absolute paths.
/// Writes go to a temporary file first and are then moved into place, so no reader sees a partial file;
/// the exclusive create hard-links the complete temporary file to the target, which fails atomically when the target
/// exists (File.Move without overwrite checks then renames on Unix: two racing writers could both "win").
/// </summary>
public sealed class LocalFileIO : IFileIO
{
    /// <summary>The file:// URI of a local directory or file path.</summary>
    public static string ToLocation(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    /// <summary>The local path of a location.</summary>
    public static string ToPath(string location) =>
        location.StartsWith("file:", StringComparison.Ordinal) ? new Uri(location).LocalPath : location;

    /// <summary>True: the exclusive create is a hard link, which fails atomically when the name exists.</summary>
    public bool SupportsAtomicCreate => true;

    /// <inheritdoc />
    public async Task<byte[]> ReadAsync(string location, CancellationToken ct) =>
        await File.ReadAllBytesAsync(ToPath(location), ct).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task WriteAsync(string location, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var temp = await WriteTempAsync(ToPath(location), content, ct).ConfigureAwait(false);
        File.Move(temp, ToPath(location), overwrite: true);
    }

    /// <inheritdoc />
    public async Task<bool> TryCreateAsync(string location, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var path = ToPath(location);
        if (File.Exists(path))
        {
            return false;
        }

        var temp = await WriteTempAsync(path, content, ct).ConfigureAwait(false);
        try
        {
            return ExclusiveRename.TryMove(temp, path);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string location, CancellationToken ct) => Task.FromResult(File.Exists(ToPath(location)));

    /// <inheritdoc />
    public Task DeleteAsync(string location, CancellationToken ct)
    {
        try
        {
            File.Delete(ToPath(location));
        }
        catch (DirectoryNotFoundException)
        {
            // File.Delete ignores a missing file but not a missing folder; either way the file is absent.
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<FileEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        var root = ToPath(prefix);
        if (!Directory.Exists(root))
        {
            yield break;
        }

        var asUri = prefix.StartsWith("file:", StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            ct.ThrowIfCancellationRequested();
            if (Path.GetFileName(file).StartsWith(".tmp-", StringComparison.Ordinal))
            {
                continue;
            }

            var info = new FileInfo(file);
            yield return new FileEntry(asUri ? ToLocation(file) : file, info.Length, info.LastWriteTimeUtc);
        }
    }

    private static async Task<string> WriteTempAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var dir = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".tmp-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(temp, content, ct).ConfigureAwait(false);
        return temp;
    }
}
