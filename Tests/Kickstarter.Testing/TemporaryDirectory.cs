namespace Kickstarter.Testing;

/// <summary>
/// A folder under the system's temp directory that is removed when disposed. Declare it with <c>await using</c>
/// before anything that writes into it (a cluster, a process), so it is removed only after every writer stopped: a
/// failure to remove it then means something still writes, and is reported rather than ignored.
/// </summary>
public sealed class TemporaryDirectory : IAsyncDisposable
{
    private TemporaryDirectory(string path) => Path = path;

    /// <summary>The folder's absolute path.</summary>
    public string Path { get; }

    /// <summary>Creates a new, empty folder whose name starts with <paramref name="prefix"/>.</summary>
    public static TemporaryDirectory Create(string prefix) => new(Directory.CreateTempSubdirectory(prefix).FullName);

    /// <summary>Every file under the folder with its length and last write time: equal fingerprints mean nothing changed.</summary>
    public IReadOnlyList<string> Fingerprint() =>
        [.. Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .Select(file => new FileInfo(file))
            .Select(info => $"{System.IO.Path.GetRelativePath(Path, info.FullName)} {info.Length} {info.LastWriteTimeUtc.Ticks}")
            .Order(StringComparer.Ordinal)];

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    public override string ToString() => Path;
}
