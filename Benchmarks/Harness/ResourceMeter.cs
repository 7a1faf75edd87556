using System.Diagnostics;

namespace Kickstarter.Benchmarks.Harness;

/// <summary>
/// CPU seconds (Process.TotalProcessorTime delta) and peak working set of this process over one phase. The working
/// set is sampled every 200 ms (from /proc/self/statm: Process.Refresh reads every thread's status and showed up in profiles) and the
/// kernel's high-water mark (VmHWM) is reset at the start where Linux allows it,
/// so a phase's peak is not an earlier phase's.
/// </summary>
public sealed class ResourceMeter : IDisposable
{
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly TimeSpan _cpuAtStart;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private readonly int _gen2AtStart = GC.CollectionCount(2);
    private long _peakSampled;

    public ResourceMeter()
    {
        ResetKernelPeak();
        _process.Refresh();
        _cpuAtStart = _process.TotalProcessorTime;
        _peakSampled = _process.WorkingSet64;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Ends the phase and returns its figures.</summary>
    public ResourceUsage Stop()
    {
        _timer.Dispose();
        Sample();
        _process.Refresh();
        var cpu = (_process.TotalProcessorTime - _cpuAtStart).TotalSeconds;
        var peak = Math.Max(Interlocked.Read(ref _peakSampled), _process.PeakWorkingSet64);
        return new ResourceUsage(_clock.Elapsed.TotalSeconds, cpu, peak / 1024.0 / 1024.0, GC.CollectionCount(2) - _gen2AtStart);
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var ws = ResidentBytes();

        long seen;
        while (ws > (seen = Interlocked.Read(ref _peakSampled)) && Interlocked.CompareExchange(ref _peakSampled, ws, seen) != seen)
        {
        }
    }

    private long ResidentBytes()
    {
        try
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            lock (_process)
            {
                _process.Refresh();
                return _process.WorkingSet64;
            }
        }
    }

    /// <summary>Writing 5 to clear_refs resets VmHWM (Linux 4.0+); harmless where it is not allowed.</summary>
    private static void ResetKernelPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
