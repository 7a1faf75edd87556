using Kickstarter.Silo.Configuration;
using Microsoft.Extensions.Options;
using System.Diagnostics.CodeAnalysis;

namespace Kickstarter.UnitTests;

public class StartupFailureTests
{
    [Fact]
    public void ProviderValidationFailureDeepInsideTheHostIsOneLine()
    {
        var provider = new OrleansConfigurationException("Invalid configuration for RedisMembershipTable.\nConfigurationOptions is required.");
        var wrapped = new AggregateException(new InvalidOperationException("lifecycle start failed", provider));

        Assert.Equal("Invalid configuration for RedisMembershipTable. ConfigurationOptions is required.", StartupFailure.Describe(wrapped));
    }

    [Fact]
    public void OptionsValidationFailuresAreJoinedOnOneLine()
    {
        var failure = new OptionsValidationException("x", typeof(object), ["A:B must be positive (was -1).", "A:C must be set."]);

        Assert.Equal("A:B must be positive (was -1). A:C must be set.", StartupFailure.Describe(failure));
    }

    [Fact]
    public void EveryOptionsTypeThatFailedAtStartIsOnTheOneLine()
    {
        // What ValidateOnStart throws when two options types fail: one aggregate of their exceptions.
        var failure = new AggregateException(
            new OptionsValidationException("", typeof(object), ["Kafka:BootstrapServers is required for the Kickstarter jobs (was empty)."]),
            new OptionsValidationException("consolidator", typeof(object), ["BootstrapServers is required for the Kafka stream provider 'x' (was '')."]));

        Assert.Equal(
            "Kafka:BootstrapServers is required for the Kickstarter jobs (was empty). " +
            "BootstrapServers is required for the Kafka stream provider 'x' (was '').",
            StartupFailure.Describe(failure));
    }

    [Fact]
    public void OurOwnStartupExceptionKeepsItsMessage() =>
        Assert.Equal(
            "Kafka:Partitions must be at least 1 (was 0).",
            StartupFailure.Describe(new StartupException("Kafka:Partitions must be at least 1 (was 0).")));

    [Fact]
    [SuppressMessage(
        "Usage", "CA2201:Do not raise reserved exception types",
        Justification = "Not raised: it stands for an ordinary bug, which must not read as a configuration failure.")]
    public void AnOrdinaryBugIsNotAConfigurationFailure() =>
        Assert.Null(StartupFailure.Describe(new AggregateException(new NullReferenceException())));
}
