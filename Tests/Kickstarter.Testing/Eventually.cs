namespace Kickstarter.Testing;

/// <summary>Polls a condition until it holds or a timeout passes: the replacement for fixed sleeps in tests.</summary>
public static class Eventually
{
    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxPollDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits until <paramref name="condition"/> returns true; throws <see cref="TimeoutException"/> naming <paramref name="what"/>
    /// otherwise.</summary>
    public static Task Until(Func<bool> condition, TimeSpan timeout, string what) =>
        Until(() => Task.FromResult(condition()), timeout, what);

    /// <summary>Waits until <paramref name="condition"/> completes with true; throws <see cref="TimeoutException"/> naming
    /// <paramref name="what"/> otherwise.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        var delay = FirstPollDelay;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                if (await condition().ConfigureAwait(false))
                {
                    return;
                }

                lastError = null;
            }
            catch (Exception error)
            {
                lastError = error; // a condition that throws is "not yet"; report the last error if time runs out
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.###} s waiting until {what}.", lastError);
            }

            await Task.Delay(delay).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPollDelay.Ticks));
        }
    }
}
