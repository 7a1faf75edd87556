namespace Kickstarter.Testing;

/// <summary>
/// A real dynalite (DynamoDB API on LevelDB) on a free loopback port, started through node and
/// tools/dynalite/start.js, killed on dispose. In memory by default; on disk when given a path, so that a test can
/// stop one server and start another on the same data.
/// </summary>
/// <remarks>
/// The package is looked up in $KICKSTARTER_DYNALITE_DIR, else in tools/dynalite of the repository above the test
/// binaries. A missing node or package fails the test with the command that provisions it; it never skips.
/// </remarks>
public sealed class DynaliteServer : IAsyncDisposable
{
    /// <summary>Environment variable naming a directory that holds start.js and node_modules/dynalite.</summary>
    public const string DirectoryVariable = "KICKSTARTER_DYNALITE_DIR";

    private static readonly NodePackage Package = new("dynalite", DirectoryVariable, "dynalite", "dynalite");

    private readonly NodeServer _server;

    private DynaliteServer(NodeServer server) => _server = server;

    /// <summary>The loopback port dynalite listens on.</summary>
    public int Port => _server.Port;

    /// <summary>Endpoint for an AWS client's ServiceURL, e.g. "http://127.0.0.1:40123".</summary>
    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Starts dynalite.</summary>
    /// <param name="path">A LevelDB directory for the tables (kept across servers); null keeps them in memory.</param>
    /// <param name="packageDirectory">Where start.js and node_modules/dynalite are; null: $KICKSTARTER_DYNALITE_DIR, else the repository's
    /// tools/dynalite.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<DynaliteServer> StartAsync(string? path = null, string? packageDirectory = null, CancellationToken cancellationToken = default)
    {
        var arguments = new List<string>();
        if (path is not null)
        {
            Directory.CreateDirectory(path);
            arguments.AddRange(["--path", path]);
        }

        return new DynaliteServer(await NodeServer.StartAsync(Package, packageDirectory, arguments, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Stops the server and waits for it to exit.</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
