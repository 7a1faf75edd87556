using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

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
public sealed partial class DynaliteServer : IAsyncDisposable
{
    /// <summary>Environment variable naming a directory that holds start.js and node_modules/dynalite.</summary>
    public const string DirectoryVariable = "KICKSTARTER_DYNALITE_DIR";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;

    private DynaliteServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The loopback port dynalite listens on.</summary>
    public int Port { get; }

    /// <summary>Endpoint for an AWS client's ServiceURL, e.g. "http://127.0.0.1:40123".</summary>
    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Starts dynalite.</summary>
    /// <param name="path">A LevelDB directory for the tables (kept across servers); null keeps them in memory.</param>
    /// <param name="packageDirectory">Where start.js and node_modules/dynalite are; null: $KICKSTARTER_DYNALITE_DIR, else the repository's tools/dynalite.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<DynaliteServer> StartAsync(string? path = null, string? packageDirectory = null, CancellationToken cancellationToken = default)
    {
        var node = Executables.FindOnPath("node")
            ?? throw new InvalidOperationException($"node is not on PATH, so dynalite cannot start. {Executables.ProvisionHint}");
        var directory = packageDirectory ?? LocatePackageDirectory();
        CheckPackage(directory);

        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true, // closing it (our exit, even a crash) stops the server: no orphans
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(directory, "start.js"));
        start.ArgumentList.Add("--stop-on-stdin-close");
        if (path is not null)
        {
            Directory.CreateDirectory(path);
            start.ArgumentList.Add("--path");
            start.ArgumentList.Add(path);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            {
                var match = ListeningLine().Match(line);
                if (match.Success)
                    return new DynaliteServer(process, int.Parse(match.Groups[1].Value));
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            string stderr;
            lock (errors) stderr = errors.ToString();
            throw new InvalidOperationException($"dynalite exited with code {process.ExitCode} before listening: {stderr}");
        }
        catch
        {
            Stop(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Stops the server (gracefully by closing its stdin, killing it if it lingers) and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(GracefulStopTimeout);
            await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or InvalidOperationException)
        {
            Stop(_process);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // exited between the check and the kill
        }
    }

    private static string LocatePackageDirectory()
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(directory))
        {
            var root = Executables.FindRepositoryRoot()
                ?? throw new InvalidOperationException(
                    $"Could not find the repository (Kickstarter.sln or tools/dynalite) above {AppContext.BaseDirectory}; set {DirectoryVariable}. {Executables.ProvisionHint}");
            directory = Path.Combine(root, "tools", "dynalite");
        }

        return directory;
    }

    private static void CheckPackage(string directory)
    {
        if (!File.Exists(Path.Combine(directory, "start.js")) || !Directory.Exists(Path.Combine(directory, "node_modules", "dynalite")))
        {
            throw new InvalidOperationException(
                $"dynalite is not installed in {directory} (start.js and node_modules/dynalite expected). {Executables.ProvisionHint}");
        }
    }

    [GeneratedRegex(@"^dynalite listening on 127\.0\.0\.1:(\d+)$")]
    private static partial Regex ListeningLine();
}
