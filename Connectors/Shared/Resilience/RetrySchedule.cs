namespace Kickstarter.Resilience;

/// <summary>
/// The budget and backoff of one retry pipeline: at most <see cref="MaxRetries"/> retries after the first attempt; the
/// delay before retry n (0 first) is drawn with equal jitter from <c>min(BaseDelay * 2^n, MaxDelay)</c>, half of it for
/// sure and the other half at random, so that clients failing together do not retry together.
/// </summary>
/// <remarks>
/// Compiled into each connector (Connectors/Shared/Resilience): the three connectors share no project, and two small
/// files do not justify one.
/// </remarks>
internal readonly record struct RetrySchedule(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>The cap every connector uses unless it has its own setting: beyond it a caller waits long on a dead endpoint.</summary>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>Attempts in all, the first one included.</summary>
    public int MaxAttempts => MaxRetries + 1;

    /// <summary>The delay before retry <paramref name="retry"/> (0 first).</summary>
    public TimeSpan Backoff(int retry)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }

    /// <summary>
    /// The give-up text every connector puts in its exception: how many attempts were made, the setting that bounds
    /// them, and the last error (which callers describe without secrets: codes, types and messages, never a request).
    /// </summary>
    public string GaveUp(string what, string setting, string lastError) =>
        $"{what} failed {MaxAttempts} {(MaxAttempts == 1 ? "time" : "times")} ({setting}={MaxRetries}); last error {lastError}";
}
