using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>The real Silo executable, started as its own process, as a user starts it.</summary>
public sealed partial class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _bootstrap = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];

    private SiloProcess(Process process, int httpPort)
    {
        _process = process;
        HttpPort = httpPort;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int HttpPort { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");
    public string Output { get { lock (_output) { return _output.ToString(); } } }
    public Task<string> KafkaBootstrap => _bootstrap.Task;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>Kickstarter.Silo</c> from its build output with <paramref name="args"/> in <paramref name="workingDirectory"/>.</summary>
    public static SiloProcess Start(string workingDirectory, int httpPort, params string[] args) =>
        StartRaw(workingDirectory, httpPort, [$"--http-port={httpPort}", .. args]);

    /// <summary>Starts <c>Kickstarter.Silo</c> with exactly <paramref name="args"/> (e.g. the embedded-kafka command).</summary>
    public static SiloProcess StartRaw(string workingDirectory, int httpPort, params string[] args) =>
        StartRaw(workingDirectory, httpPort, new Dictionary<string, string>(), args);

    /// <summary>Starts <c>Kickstarter.Silo</c> with exactly <paramref name="args"/> and extra environment variables.</summary>
    public static SiloProcess StartRaw(string workingDirectory, int httpPort, string[] args, IReadOnlyDictionary<string, string> environment) =>
        StartRaw(workingDirectory, httpPort, environment, args);

    /// <summary>Starts <c>Kickstarter.Silo</c> with exactly <paramref name="args"/> and these environment variables.</summary>
    public static SiloProcess StartRaw(string workingDirectory, int httpPort, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartThrough([], workingDirectory, httpPort, environment, args);

    /// <summary>
    /// Starts <c>dotnet Kickstarter.Silo.dll</c> as the arguments of <paramref name="launcher"/>, a command that ends by
    /// exec'ing them in its own process (e.g. <c>unshare</c>), so the process id is still the silo's.
    /// </summary>
    public static SiloProcess StartThrough(
        IReadOnlyList<string> launcher, string workingDirectory, int httpPort, IReadOnlyDictionary<string, string> environment,
        params string[] args)
    {
        var info = new ProcessStartInfo(launcher.Count == 0 ? "dotnet" : launcher[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var part in launcher.Skip(1).Concat(launcher.Count == 0 ? [] : ["dotnet"]))
        {
            info.ArgumentList.Add(part);
        }

        info.ArgumentList.Add(SiloDll());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new SiloProcess(Process.Start(info)!, httpPort);
    }


    /// <summary>
    /// Completes once the output holds <paramref name="text"/>. The output is read line by line as it arrives, so a
    /// multi-line log message (the start-up banner) can be half read when one of its lines has signalled: wait for the
    /// line the assertion needs, not for its neighbour.
    /// </summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            _awaited.Add((text, seen));
        }

        try
        {
            await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The silo printed no \"{text}\" within {timeout.TotalSeconds:0} s. Its output:\n{Output}");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>Asks the process to stop (SIGTERM), as <c>docker stop</c>, ECS and Kubernetes do; returns at once.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            foreach (var waiter in _awaited.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                waiter.Seen.TrySetResult();
                _awaited.Remove(waiter);
            }
        }

        if (BootstrapLine().Match(line) is { Success: true } m)
        {
            _bootstrap.TrySetResult(m.Groups[1].Value);
        }
    }

    /// <summary>The repository's root folder (the one holding Kickstarter.sln).</summary>
    public static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Kickstarter.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName
            ?? throw new InvalidOperationException("Cannot find the repository root (Kickstarter.sln) above " + AppContext.BaseDirectory);
    }

    /// <summary>The Silo's build output beside this test's (same configuration).</summary>
    private static string SiloDll()
    {
        // Tests/Kickstarter.IntegrationTests/bin/<Config>/net10.0/
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepositoryRoot(), "Silo", "bin", configuration, "net10.0", "Kickstarter.Silo.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the Silo project first.", dll);
    }

    [GeneratedRegex(@"(?:Kafka \((?:embedded|external)\)|Embedded Kafka cluster): (\S+)")]
    private static partial Regex BootstrapLine();
}
