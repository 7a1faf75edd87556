using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Testing;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// Reads the tables of an S3 warehouse the way another engine would, sharing no code with the writer. With the
/// DynamoDB catalog: the current metadata location from the catalog item (Apache Iceberg's layout: hash key identifier
/// "ns.table", range key namespace, attribute p.metadata_location) with the raw DynamoDB client, every object under
/// the warehouse prefix downloaded with the raw S3 client, then <see cref="IndependentIcebergReader"/> on the copies.
/// With another catalog (REST) the caller asks it for the locations and passes them in.
/// </summary>
public static class S3IcebergReader
{
    /// <summary>Downloads the warehouse and returns a reader over it.</summary>
    public static async Task<IndependentIcebergReader> DownloadAsync(
        S3rverServer s3, DynaliteServer dynamo, string bucket, string prefix, string catalogTable, string localRoot)
    {
        await DownloadObjectsAsync(s3, bucket, prefix, localRoot);

        var locations = new Dictionary<string, string>(StringComparer.Ordinal);
        using var dynamoClient = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"),
            new AmazonDynamoDBConfig { ServiceURL = dynamo.ServiceUrl, AuthenticationRegion = "us-east-1" });
        foreach (var table in new[] { Tables.SunsetAirline, Tables.SkyOneAirline, Tables.Flight, Tables.FlyerStats })
        {
            var item = await dynamoClient.GetItemAsync(catalogTable, new Dictionary<string, AttributeValue>
            {
                ["identifier"] = new() { S = $"{Tables.Namespace}.{table}" },
                ["namespace"] = new() { S = Tables.Namespace },
            });
            if (item.Item is { } found && found.TryGetValue("p.metadata_location", out var location))
            {
                locations[table] = location.S;
            }
        }

        return Reader(bucket, locations, localRoot, "the DynamoDB catalog");
    }

    /// <summary>
    /// Downloads the objects under <paramref name="prefix"/> and returns a reader over them whose current metadata
    /// locations are <paramref name="locations"/> (table name to s3:// location, as a catalog answered them).
    /// </summary>
    public static async Task<IndependentIcebergReader> DownloadAsync(
        S3rverServer s3, string bucket, string prefix, IReadOnlyDictionary<string, string> locations, string localRoot)
    {
        await DownloadObjectsAsync(s3, bucket, prefix, localRoot);
        return Reader(bucket, new Dictionary<string, string>(locations), localRoot, "the catalog");
    }

    private static async Task DownloadObjectsAsync(S3rverServer s3, string bucket, string prefix, string localRoot)
    {
        using var client = NewS3Client(s3);
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix.TrimEnd('/') + "/" };
        ListObjectsV2Response page;
        do
        {
            page = await client.ListObjectsV2Async(request);
            foreach (var entry in page.S3Objects ?? [])
            {
                var target = Path.Combine(localRoot, entry.Key);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                using var response = await client.GetObjectAsync(bucket, entry.Key);
                await using var file = File.Create(target);
                await response.ResponseStream.CopyToAsync(file);
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
    }

    private static IndependentIcebergReader Reader(string bucket, Dictionary<string, string> locations, string localRoot, string catalog)
    {
        var s3Prefix = $"s3://{bucket}/";
        return new IndependentIcebergReader(
            table => locations.TryGetValue(table, out var location)
                ? location
                : throw new InvalidOperationException($"{catalog} has no table '{table}'"),
            location => location.StartsWith(s3Prefix, StringComparison.Ordinal)
                ? Path.Combine(localRoot, location[s3Prefix.Length..])
                : throw new InvalidOperationException($"'{location}' is not in bucket '{bucket}'"));
    }

    /// <summary>A plain S3 client for s3rver: path style, its keys, checksums only where required.</summary>
    public static AmazonS3Client NewS3Client(S3rverServer s3) =>
        new(new BasicAWSCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey), new AmazonS3Config
        {
            ServiceURL = s3.ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
}
