using Kickstarter.Connectors.Iceberg.Io;

namespace Kickstarter.Grains.Sinks;

/// <summary>
/// Durable files of prepared epochs, under <c>&lt;warehouse&gt;/_kickstarter/staging/&lt;job&gt;/</c>, written through the
/// warehouse's file IO and addressed by URI (file:///... locally, s3://... on S3), so a committer on another host finds
/// them. Both IOs replace a file whole: the local one writes a temporary file and renames it, S3 makes an object
/// visible only when its upload completes; a crash leaves the whole file or none.
/// </summary>
internal sealed class StagingStore(IFileIO io, string warehouseLocation)
{
    private readonly string _root = $"{warehouseLocation.TrimEnd('/')}/_kickstarter/staging";

    /// <summary>Writes the file of one epoch and returns its location.</summary>
    public async Task<string> WriteAsync(string job, long epoch, string extension, byte[] content, CancellationToken ct)
    {
        var location = $"{_root}/{Uri.EscapeDataString(job)}/epoch-{epoch:D10}.{extension}";
        await io.WriteAsync(location, content, ct);
        return location;
    }

    /// <summary>
    /// Reads a staging file by the location <see cref="WriteAsync"/> returned. Committer state of older versions holds
    /// plain local paths; the local file IO reads those too, so a local warehouse recovers them.
    /// </summary>
    public Task<byte[]> ReadAsync(string location, CancellationToken ct) => io.ReadAsync(location, ct);

    /// <summary>Deletes a staging file; no error when it is gone already.</summary>
    public Task DeleteAsync(string location, CancellationToken ct) =>
        string.IsNullOrEmpty(location) ? Task.CompletedTask : io.DeleteAsync(location, ct);
}
