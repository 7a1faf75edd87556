using System.Diagnostics;
using System.Text.Json;

namespace Kickstarter.Testing;

/// <summary>
/// icebird (npm, 0.3.1): an Iceberg table reader written by others, in JavaScript. It reads the metadata, manifest
/// list, manifests and Parquet files itself, so a table it reads correctly is readable by an independent engine.
/// Installed once per machine into a cache folder on first use (npm registry); never skipped.
/// </summary>
public sealed class IcebirdReader
{
    public const string Version = "0.3.1";

    private static readonly Lazy<string> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Every row of the table's current snapshot, as icebird returns them.</summary>
    /// <param name="tableLocation">The table location from its metadata (a <c>file://</c> URI or a local path).</param>
    public static List<JsonElement> ReadTable(string tableLocation)
    {
        var directory = Installed.Value;
        var (code, output) = Run("node", directory, Path.Combine(directory, "read-table.mjs"), tableLocation);
        if (code != 0)
        {
            throw new InvalidOperationException($"icebird could not read {tableLocation}: {output}");
        }

        using var doc = JsonDocument.Parse(output);
        return [.. doc.RootElement.GetProperty("rows").EnumerateArray().Select(e => e.Clone())];
    }

    private static string Install()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"kickstarter-icebird-{Version}");
        Directory.CreateDirectory(directory);
        if (!File.Exists(Path.Combine(directory, "node_modules", "icebird", "package.json")))
        {
            var (code, output) = Run("npm", directory, "install", "--no-audit", "--no-fund", "--prefix", directory, $"icebird@{Version}");
            if (code != 0)
            {
                throw new InvalidOperationException($"npm install icebird@{Version} failed (run the README's test command, bash scripts/test.sh): {output}");
            }
        }

        File.Copy(Path.Combine(AppContext.BaseDirectory, "Icebird", "read-table.mjs"), Path.Combine(directory, "read-table.mjs"), overwrite: true);
        return directory;
    }

    private static (int Code, string Output) Run(string file, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(true);
            throw new TimeoutException($"{file} did not finish");
        }

        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
