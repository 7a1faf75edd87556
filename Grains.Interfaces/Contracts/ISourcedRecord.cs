namespace Kickstarter.Grains.Interfaces.Contracts;

/// <summary>
/// An event as delivered to a job grain: whatever it carries, it knows the source record it came from, which is what
/// the grain's replay guard keys on.
/// </summary>
public interface ISourcedRecord
{
    /// <summary>The topic, partition, offset and timestamp of the source record.</summary>
    SourceOffset Source { get; }
}
