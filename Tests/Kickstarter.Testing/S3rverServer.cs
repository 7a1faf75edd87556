using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

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
public sealed partial class S3rverServer : IAsyncDisposable
{
    /// <summary>Environment variable naming a directory that holds start.js and node_modules/@20minutes/s3rver.</summary>
    public const string DirectoryVariable = "KICKSTARTER_S3RVER_DIR";

    /// <summary>The access key s3rver accepts for signed requests.</summary>
    public const string AccessKey = "S3RVER";

    /// <summary>The secret key paired with <see cref="AccessKey"/>.</summary>
    public const string SecretKey = "S3RVER";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;

    private S3rverServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The loopback port s3rver listens on.</summary>
    public int Port { get; }

    /// <summary>Endpoint for an AWS client's ServiceURL, e.g. "http://127.0.0.1:40123".</summary>
    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Starts s3rver.</summary>
    /// <param name="packageDirectory">Where start.js and node_modules/@20minutes/s3rver are; null: $KICKSTARTER_S3RVER_DIR, else the repository's tools/s3rver.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<S3rverServer> StartAsync(string? packageDirectory = null, CancellationToken cancellationToken = default)
    {
        var node = Executables.FindOnPath("node")
            ?? throw new InvalidOperationException($"node is not on PATH, so s3rver cannot start. {Executables.ProvisionHint}");
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
                    return new S3rverServer(process, int.Parse(match.Groups[1].Value));
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            string stderr;
            lock (errors) stderr = errors.ToString();
            throw new InvalidOperationException($"s3rver exited with code {process.ExitCode} before listening: {stderr}");
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
                    $"Could not find the repository (Kickstarter.sln or tools/) above {AppContext.BaseDirectory}; set {DirectoryVariable}. {Executables.ProvisionHint}");
            directory = Path.Combine(root, "tools", "s3rver");
        }

        return directory;
    }

    private static void CheckPackage(string directory)
    {
        if (!File.Exists(Path.Combine(directory, "start.js")) || !Directory.Exists(Path.Combine(directory, "node_modules", "@20minutes", "s3rver")))
        {
            throw new InvalidOperationException(
                $"s3rver is not installed in {directory} (start.js and node_modules/@20minutes/s3rver expected). {Executables.ProvisionHint}");
        }
    }

    [GeneratedRegex(@"^s3rver listening on 127\.0\.0\.1:(\d+)$")]
    private static partial Regex ListeningLine();
}
