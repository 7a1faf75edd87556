using Amazon;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;

namespace Kickstarter.Silo.Configuration.Aws;

/// <summary>Builds the SSM client from <see cref="AwsConfigurationOptions"/>.</summary>
internal static class SsmClientFactory
{
    public static IAmazonSimpleSystemsManagement Create(AwsConfigurationOptions options)
    {
        // The SDK's standard retry mode (3 attempts, backoff with jitter) covers throttling and passing faults.
        var config = new AmazonSimpleSystemsManagementConfig { Timeout = options.RequestTimeout };
        if (!string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }
        else if (!string.IsNullOrEmpty(options.Region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonSimpleSystemsManagementClient(config) // the SDK's credential chain (environment, profile, task or instance role)
            : new AmazonSimpleSystemsManagementClient(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
