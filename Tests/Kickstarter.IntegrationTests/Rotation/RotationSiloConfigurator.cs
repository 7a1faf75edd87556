using Kickstarter.Connectors.Kafka.Options;
using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Rotation;

/// <summary>
/// The pipeline silo with the test's credential source registered as the Silo registers its own
/// (<c>IKafkaCredentialSource</c> in the silo's services), so the stream provider and the job sinks take it up.
/// </summary>
public sealed class RotationSiloConfigurator : ISiloConfigurator
{
    /// <summary>The source every in-process silo uses; set by the test before the silos start.</summary>
    public static IKafkaCredentialSource? Credentials { get; set; }

    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.Services.AddSingleton(Credentials ?? throw new InvalidOperationException("Set RotationSiloConfigurator.Credentials first."));
        new PipelineSiloConfigurator().Configure(siloBuilder);
    }
}
