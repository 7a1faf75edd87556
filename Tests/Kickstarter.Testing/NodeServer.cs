using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Kickstarter.Testing;

/// <summary>
/// A test service run by node from <c>tools/&lt;tool&gt;/start.js</c> (dynalite, s3rver): started on a free loopback
/// port that it prints as "&lt;name&gt; listening on 127.0.0.1:PORT", stopped by closing its stdin (so it cannot outlive
/// the test process), killed if it lingers. A missing node or package fails with the command that provisions it; a
/// test never skips.
/// </summary>
internal sealed class NodeServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;

    private NodeServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The loopback port the service listens on.</summary>
    public int Port { get; }

    /// <summary>Starts the service of <paramref name="package"/> with extra start.js arguments.</summary>
    public static async Task<NodeServer> StartAsync(
        NodePackage package, string? packageDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var node = Executables.FindOnPath("node")
            ?? throw new InvalidOperationException($"node is not on PATH, so {package.Name} cannot start. {Executables.ProvisionHint}");
        var directory = packageDirectory ?? package.LocateDirectory();
        package.Check(directory);

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
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            var listening = new Regex($@"^{Regex.Escape(package.Name)} listening on 127\.0\.0\.1:(\d+)$");
            while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            {
                var match = listening.Match(line);
                if (match.Success)
                {
                    return new NodeServer(process, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
                }
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            string stderr;
            lock (errors)
            {
                stderr = errors.ToString();
            }

            throw new InvalidOperationException($"{package.Name} exited with code {process.ExitCode} before listening: {stderr}");
        }
        catch
        {
            Kill(process);
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
            Kill(_process);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // exited between the check and the kill
        }
    }
}

/// <summary>Where a node test service lives: <c>tools/&lt;ToolFolder&gt;</c> holding start.js and node_modules/&lt;Module&gt;.</summary>
/// <param name="Name">The service's name, as start.js prints it.</param>
/// <param name="DirectoryVariable">Environment variable that overrides the folder.</param>
/// <param name="ToolFolder">Folder under the repository's tools/.</param>
/// <param name="Module">Path of the npm package under node_modules.</param>
internal sealed record NodePackage(string Name, string DirectoryVariable, string ToolFolder, string Module)
{
    /// <summary>$DirectoryVariable, else tools/ToolFolder of the repository above the test binaries.</summary>
    public string LocateDirectory()
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(directory))
        {
            return directory;
        }

        var root = Executables.FindRepositoryRoot()
            ?? throw new InvalidOperationException(
                $"Could not find the repository (Kickstarter.sln or tools/) above {AppContext.BaseDirectory}; " +
                $"set {DirectoryVariable}. {Executables.ProvisionHint}");
        return Path.Combine(root, "tools", ToolFolder);
    }

    /// <summary>Fails with the provisioning command when start.js or the package is missing.</summary>
    public void Check(string directory)
    {
        if (!File.Exists(Path.Combine(directory, "start.js")) || !Directory.Exists(Path.Combine(directory, "node_modules", Module)))
        {
            throw new InvalidOperationException(
                $"{Name} is not installed in {directory} (start.js and node_modules/{Module} expected). {Executables.ProvisionHint}");
        }
    }
}
