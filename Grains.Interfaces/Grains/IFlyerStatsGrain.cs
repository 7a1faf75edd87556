using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Interfaces.Grains;

/// <summary>One flyer, keyed by email address: cumulative flight time and count.</summary>
public interface IFlyerStatsGrain : IJobGrain
{
    /// <summary>Stats over every flight seen so far, or null for a flyer never seen.</summary>
    Task<FlyerStats?> GetStatsAsync();
}
