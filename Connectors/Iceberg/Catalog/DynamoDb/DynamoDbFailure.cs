using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;

/// <summary>Classifies AWS SDK exceptions (the SDK's own retries are off, so each exception is one attempt).</summary>
internal static class DynamoDbFailure
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "ThrottlingException",
        "Throttling",
        "TooManyRequestsException",
    };

    public static DynamoDbFailureKind Classify(Exception error, CancellationToken ct)
    {
        switch (error)
        {
            case OperationCanceledException when ct.IsCancellationRequested:
                return DynamoDbFailureKind.Permanent;
            case ProvisionedThroughputExceededException or RequestLimitExceededException:
                return DynamoDbFailureKind.Throttled;
            case AmazonServiceException { ErrorCode: not null } service when ThrottlingCodes.Contains(service.ErrorCode):
                return DynamoDbFailureKind.Throttled;
            case AmazonServiceException { StatusCode: HttpStatusCode.TooManyRequests }:
                return DynamoDbFailureKind.Throttled;
            case AmazonServiceException service when (int)service.StatusCode >= 500:
                return DynamoDbFailureKind.Ambiguous;
        }

        // Network failures and client-side timeouts arrive bare or wrapped by the SDK.
        for (var cause = error; cause is not null; cause = cause.InnerException)
        {
            if (cause is HttpRequestException or SocketException or IOException or TimeoutException or OperationCanceledException)
            {
                return DynamoDbFailureKind.Ambiguous;
            }
        }

        return DynamoDbFailureKind.Permanent;
    }

    public static string Describe(Exception error) =>
        error is AmazonServiceException { ErrorCode: not null } service
            ? $"{service.ErrorCode} (HTTP {(int)service.StatusCode}): {service.Message}"
            : $"{error.GetType().Name}: {error.Message}";
}
