using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Connectors.DynamoDB;

/// <summary>
/// Bounded retries with exponential backoff and jitter for throttling, 5xx answers and network failures.
/// The AWS SDK's own retries are switched off (MaxErrorRetry = 0) so that this policy alone decides how long a
/// caller can wait: at most <see cref="DynamoDBStorageOptions.MaxRetries"/> retries, each delay capped.
/// </summary>
internal sealed class DynamoDBRetryPolicy(string providerName, string tableName, int maxRetries, TimeSpan baseDelay, ILogger logger)
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "ThrottlingException",
        "Throttling",
        "TooManyRequestsException",
        "InternalServerError",
        "ServiceUnavailable",
    };

    public async Task<T> ExecuteAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (IsTransient(error, cancellationToken))
            {
                if (attempt >= maxRetries)
                {
                    throw new DynamoDBGrainStorageException(
                        $"The DynamoDB grain storage '{providerName}' gave up on {operation} (table '{tableName}') after " +
                        $"{attempt + 1} attempts ({maxRetries} retries): {Describe(error)}", error);
                }

                var delay = Backoff(attempt);
                DynamoDBGrainStorageLog.RetryingAfterTransientError(logger, providerName, operation, attempt + 1, maxRetries, delay.TotalMilliseconds, Describe(error));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Equal jitter: half the exponential delay for sure, the other half at random.</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }

    internal static bool IsTransient(Exception error, CancellationToken cancellationToken)
    {
        switch (error)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return false;
            case ConditionalCheckFailedException:
                return false; // an answer, not a failure: the caller turns it into InconsistentStateException
            case ProvisionedThroughputExceededException or RequestLimitExceededException or InternalServerErrorException:
                return true;
            case AmazonServiceException service when service.ErrorCode is not null && ThrottlingCodes.Contains(service.ErrorCode):
                return true;
            case AmazonServiceException service when (int)service.StatusCode >= 500:
                return true;
            case AmazonServiceException service when service.StatusCode == HttpStatusCode.TooManyRequests:
                return true;
        }

        // Network failures (refused connection, reset, timeout) arrive bare or wrapped by the SDK.
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException or IOException or TimeoutException
                || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                return true;
        }

        return false;
    }

    private static string Describe(Exception error) =>
        error is AmazonServiceException { ErrorCode: not null } service
            ? $"{service.ErrorCode} (HTTP {(int)service.StatusCode}): {service.Message}"
            : $"{error.GetType().Name}: {error.Message}";
}
