namespace Kickstarter.Grains.Jobs.FlyerStats;

/// <summary>Arithmetic of fixed-size event-time windows aligned to the Unix epoch, as Flink's tumbling windows.</summary>
public static class TumblingWindows
{
    /// <summary>The Flyer Stats window: one minute.</summary>
    public const long SizeMs = 60_000;

    /// <summary>Start of the window holding <paramref name="timestampMs"/>.</summary>
    public static long StartOf(long timestampMs) => timestampMs - (((timestampMs % SizeMs) + SizeMs) % SizeMs);

    /// <summary>Exclusive end of the window starting at <paramref name="windowStartMs"/>.</summary>
    public static long EndOf(long windowStartMs) => windowStartMs + SizeMs;

    /// <summary>The timestamp a window's result carries: its last millisecond, as Flink's window.maxTimestamp().</summary>
    public static long MaxTimestampOf(long windowStartMs) => windowStartMs + SizeMs - 1;

    /// <summary>A window fires once the watermark has reached its end.</summary>
    public static bool CanFire(long windowStartMs, long watermarkMs) =>
        watermarkMs == long.MaxValue || EndOf(windowStartMs) <= watermarkMs;
}
