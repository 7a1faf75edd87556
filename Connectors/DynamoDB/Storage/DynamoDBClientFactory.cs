using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Kickstarter.Connectors.DynamoDB;

/// <summary>Builds the AWS client from <see cref="DynamoDBStorageOptions"/>.</summary>
internal static class DynamoDBClientFactory
{
    public static IAmazonDynamoDB Create(DynamoDBStorageOptions options)
    {
        var config = new AmazonDynamoDBConfig
        {
            // Retries belong to DynamoDBRetryPolicy alone, so that their number and delays are bounded in one place.
            MaxErrorRetry = 0,
        };

        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        options.ConfigureClient?.Invoke(config);

        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonDynamoDBClient(config) // default credential chain
            : new AmazonDynamoDBClient(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
