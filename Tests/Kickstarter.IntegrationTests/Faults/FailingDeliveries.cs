namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// A grain that cannot take its stream deliveries for a while (its activation or its OnNext fails): armed by a test
/// for one grain key (before the silos start, so that its first delivery already fails), every delivery to it fails
/// from the first one until <c>duration</c> has passed, then it recovers.
/// </summary>
public static class FailingDeliveries
{
    private static readonly Lock Gate = new();
    private static string? _target;
    private static TimeSpan _duration;
    private static DateTime? _firstFailure;
    private static int _failures;

    /// <summary>Deliveries failed so far.</summary>
    public static int Failures => Volatile.Read(ref _failures);

    /// <summary>
    /// Makes every delivery to the grain keyed <paramref name="grain"/> fail for <paramref name="duration"/> from the first.
    /// </summary>
    public static void Arm(string grain, TimeSpan duration)
    {
        lock (Gate)
        {
            _target = grain;
            _duration = duration;
            _firstFailure = null;
            _failures = 0;
        }
    }

    /// <summary>True when a delivery to <paramref name="grain"/> must fail now (and counts it).</summary>
    public static bool ShouldFail(GrainId grain)
    {
        lock (Gate)
        {
            if (_target is null || grain.Key.ToString() != _target)
            {
                return false;
            }

            _firstFailure ??= DateTime.UtcNow;
            if (DateTime.UtcNow - _firstFailure.Value >= _duration)
            {
                return false;
            }

            _failures++;
            return true;
        }
    }
}
