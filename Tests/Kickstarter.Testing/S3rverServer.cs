namespace Kickstarter.Testing;

/// <summary>
/// A real s3rver (@20minutes/s3rver: the S3 REST API over a directory) on a free loopback port, started through node
/// and tools/s3rver/start.js, killed on dispose. Its objects live in a temporary directory removed at stop.
/// </summary>
/// <remarks>
/// Path-style requests only; signed requests must use <see cref="AccessKey"/>/<see cref="SecretKey"/> (other keys get
/// InvalidAccessKeyId or SignatureDoesNotMatch, as AWS would answer). It ignores <c>If-None-Match: *</c>.
/// The package is looked up in $KICKSTARTER_S3RVER_DIR, else in tools/s3rver of the repository above the test
/// binaries. A missing node or package fails the test with the command that provisions it; it never skips.
/// </remarks>
public sealed class S3rverServer : IAsyncDisposable
{
    /// <summary>Environment variable naming a directory that holds start.js and node_modules/@20minutes/s3rver.</summary>
    public const string DirectoryVariable = "KICKSTARTER_S3RVER_DIR";

    /// <summary>The access key s3rver accepts for signed requests.</summary>
    public const string AccessKey = "S3RVER";

    /// <summary>The secret key paired with <see cref="AccessKey"/>.</summary>
    public const string SecretKey = "S3RVER";

    private static readonly NodePackage Package = new("s3rver", DirectoryVariable, "s3rver", Path.Combine("@20minutes", "s3rver"));

    private readonly NodeServer _server;

    private S3rverServer(NodeServer server) => _server = server;

    /// <summary>The loopback port s3rver listens on.</summary>
    public int Port => _server.Port;

    /// <summary>Endpoint for an AWS client's ServiceURL, e.g. "http://127.0.0.1:40123".</summary>
    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Starts s3rver.</summary>
    /// <param name="packageDirectory">Where start.js and node_modules/@20minutes/s3rver are; null: $KICKSTARTER_S3RVER_DIR, else the
    /// repository's tools/s3rver.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<S3rverServer> StartAsync(string? packageDirectory = null, CancellationToken cancellationToken = default)
    {
        return new S3rverServer(await NodeServer.StartAsync(Package, packageDirectory, [], cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Stops the server and waits for it to exit.</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
