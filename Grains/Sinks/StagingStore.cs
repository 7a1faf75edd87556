namespace Kickstarter.Grains.Sinks;

/// <summary>
/// Durable files of prepared epochs, under <c>&lt;warehouse&gt;/_kickstarter/staging/&lt;job&gt;/</c>. A file is written to a
/// temporary name, flushed to disk and renamed, so a crash leaves either the whole file or none.
/// </summary>
internal sealed class StagingStore(string warehouse)
{
    private readonly string _root = Path.Combine(Path.GetFullPath(warehouse), "_kickstarter", "staging");

    public async Task<string> WriteAsync(string job, long epoch, string extension, byte[] content, CancellationToken ct)
    {
        var folder = Path.Combine(_root, job);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"epoch-{epoch:D10}.{extension}");
        var temp = path + ".tmp";
        await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.WriteThrough))
        {
            await stream.WriteAsync(content, ct);
            await stream.FlushAsync(ct);
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }

    public Task<byte[]> ReadAsync(string path, CancellationToken ct) => File.ReadAllBytesAsync(path, ct);

    public void Delete(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
