using System.Runtime.InteropServices;

namespace Kickstarter.Benchmarks.Harness;

/// <summary>The machine a figure was measured on.</summary>
public sealed record MachineInfo(int Cores, string Memory, string Os, string Runtime, string Cpu, string Gc)
{
    public static MachineInfo Current()
    {
        var memory = "unknown";
        var cpu = "unknown";
        try
        {
            var total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (total is not null && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out var kb))
            {
                memory = $"{kb / 1024.0 / 1024.0:F1} GiB";
            }

            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        var gc = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation";
        gc += System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.Batch ? " non-concurrent" : " concurrent";
        return new MachineInfo(Environment.ProcessorCount, memory, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, cpu, gc);
    }

    public override string ToString() => $"{Cores} cores ({Cpu}), {Memory} RAM, {Os}, {Runtime}, {Gc} GC";
}
