namespace Kickstarter.Resilience;

/// <summary>
/// What a retry log line says: the attempt that failed (1 first), the attempts allowed in all, and the wait before the next.
/// </summary>
internal readonly record struct RetryNotice(int Attempt, int MaxAttempts, TimeSpan Delay)
{
    /// <summary>The wait in milliseconds, as the log messages carry it.</summary>
    public double DelayMs => Delay.TotalMilliseconds;
}
