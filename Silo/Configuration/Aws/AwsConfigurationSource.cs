using Microsoft.Extensions.Configuration;

namespace Kickstarter.Silo.Configuration.Aws;

/// <summary>Configuration source of the Confluent Cloud settings kept in AWS for one service account user.</summary>
public sealed class AwsConfigurationSource(AwsConfigurationOptions options) : IConfigurationSource
{
    public AwsConfigurationOptions Options { get; } = options;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new AwsConfigurationProvider(Options);
}
