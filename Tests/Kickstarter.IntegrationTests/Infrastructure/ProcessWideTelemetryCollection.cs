namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// Tests that read process-wide telemetry: the <c>kickstarter.dead_letters</c> counter, or spans and the receive
/// contexts a snapshot links (kept per stream provider name, which every in-process test silo shares). They run after
/// every parallel test collection and alone, so no other test's pipeline moves what they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideTelemetryCollection
{
    public const string Name = "Process-wide telemetry";
}
