using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Benchmarks.Harness;

/// <summary>The four topics of one run: the pipeline's fixed names, or prefixed copies for the bare loop.</summary>
public sealed record TopicSet(string Sunset, string SkyOne, string Flight, string FlyerStats)
{
    public static readonly TopicSet Pipeline = new(Topics.Sunset, Topics.SkyOne, Topics.Flight, Topics.FlyerStats);

    public static TopicSet Prefixed(string prefix) =>
        new(prefix + Topics.Sunset, prefix + Topics.SkyOne, prefix + Topics.Flight, prefix + Topics.FlyerStats);

    public string TopicOf(Airline airline) => airline == Airline.Sunset ? Sunset : SkyOne;

    public IEnumerable<string> All => [Sunset, SkyOne, Flight, FlyerStats];
}
