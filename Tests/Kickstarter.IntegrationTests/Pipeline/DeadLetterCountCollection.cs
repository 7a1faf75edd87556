namespace Kickstarter.IntegrationTests.Pipeline;

/// <summary>
/// Tests that read the process-wide <c>kickstarter.dead_letters</c> counter: they run after every parallel test
/// collection and alone, so no other test's dead letters move the counter while they measure it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeadLetterCountCollection
{
    public const string Name = "Dead-letter count";
}
