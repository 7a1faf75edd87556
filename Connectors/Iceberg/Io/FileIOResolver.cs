using Kickstarter.Connectors.Iceberg.Options;

namespace Kickstarter.Connectors.Iceberg.Io;

/// <summary>
/// Picks the <see cref="IFileIO"/> for a location by its URI scheme: <c>file://</c> and plain paths get
/// <see cref="LocalFileIO"/>, <c>s3://</c> gets one shared <see cref="S3FileIO"/> (created on first use, from the S3
/// options). Any other scheme is refused with the message of <see cref="WarehouseLocation.Problem"/>.
/// </summary>
public sealed class FileIOResolver : IDisposable
{
    private readonly LocalFileIO _local = new();
    private readonly Lazy<S3FileIO> _s3;

    /// <summary>Creates a resolver; <paramref name="s3"/> configures S3 access (default settings when null).</summary>
    public FileIOResolver(S3FileIOOptions? s3 = null)
    {
        var options = s3 ?? new S3FileIOOptions();
        _s3 = new Lazy<S3FileIO>(() => new S3FileIO(options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The file IO for a location (a warehouse or any file in it).</summary>
    public IFileIO Resolve(string location)
    {
        if (WarehouseLocation.Problem(location) is { } problem)
        {
            throw new ArgumentException(problem, nameof(location));
        }

        return WarehouseLocation.SchemeOf(location) == S3Location.Scheme ? _s3.Value : _local;
    }

    /// <summary>Closes the S3 client if one was created.</summary>
    public void Dispose()
    {
        if (_s3.IsValueCreated)
        {
            _s3.Value.Dispose();
        }
    }
}
