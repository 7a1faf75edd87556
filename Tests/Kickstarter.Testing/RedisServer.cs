using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kickstarter.Testing;

/// <summary>
/// A real redis-server on a free loopback port, without persistence, killed on dispose. A missing redis-server fails
/// the test with the command that provisions it; it never skips.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const int StartAttempts = 5;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Queue<string>> OutputTails = new();

    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The loopback port redis listens on.</summary>
    public int Port { get; }

    /// <summary>"127.0.0.1:port", as StackExchange.Redis and Orleans' Redis providers take it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts redis-server on a free port and waits until it answers PING.</summary>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var executable = Executables.FindOnPath("redis-server")
            ?? throw new InvalidOperationException($"redis-server is not on PATH. {Executables.ProvisionHint}");

        var failures = new StringBuilder();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            // The free port can be taken between our probe and redis' bind: then redis exits, and we try another.
            var port = FreePort.Next();
            var process = Start(executable, port);
            if (await AnswersPingAsync(process, port, cancellationToken).ConfigureAwait(false))
            {
                return new RedisServer(process, port);
            }

            failures.AppendLine(CultureInfo.InvariantCulture, $"port {port}: {await StopAsync(process).ConfigureAwait(false)}");
        }

        throw new InvalidOperationException($"redis-server did not start after {StartAttempts} attempts:{Environment.NewLine}{failures}");
    }

    /// <summary>Kills the server and waits for it to exit.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(_process).ConfigureAwait(false);

    private static Process Start(string executable, int port)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        // Drain both pipes so a chatty server never blocks on a full pipe; keep the last lines for error messages.
        var lastLines = new Queue<string>();
        DataReceivedEventHandler keep = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lastLines)
            {
                lastLines.Enqueue(e.Data);
                if (lastLines.Count > 5)
                {
                    lastLines.Dequeue();
                }
            }
        };
        process.OutputDataReceived += keep;
        process.ErrorDataReceived += keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        OutputTails[process.Id] = lastLines;
        return process;
    }

    private static async Task<bool> AnswersPingAsync(Process process, int port, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        var delay = TimeSpan.FromMilliseconds(10);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (await PingAsync(port, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
        }

        return false;
    }

    private static async Task<bool> PingAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false; // accepted but closed while loading
        }
    }

    private static async Task<string> StopAsync(Process process)
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

        await process.WaitForExitAsync().ConfigureAwait(false);
        var exitCode = process.ExitCode;
        string tail = "";
        if (OutputTails.TryRemove(process.Id, out var lastLines))
        {
            lock (lastLines)
            {
                tail = string.Join(" | ", lastLines);
            }
        }

        process.Dispose();
        return $"exit code {exitCode}; {tail}";
    }
}
