using System.Diagnostics;

namespace Kickstarter.Grains.Diagnostics;

/// <summary>The pipeline's activity source: one name for every Kickstarter assembly's spans.</summary>
public static class PipelineTracing
{
    public const string SourceName = "Kickstarter";

    public static readonly ActivitySource Source = new(SourceName);
}
