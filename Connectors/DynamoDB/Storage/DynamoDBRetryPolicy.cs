using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Kickstarter.Resilience;
using Polly;

namespace Kickstarter.Connectors.DynamoDB;

/// <summary>
/// Bounded retries with exponential backoff and jitter for throttling, 5xx answers and network failures, as a Polly
/// retry pipeline built like every connector's (<see cref="RetryPipelines"/>). The AWS SDK's own retries are switched
/// off (MaxErrorRetry = 0) so that this policy alone decides how long a caller can wait: at most
/// <see cref="DynamoDBStorageOptions.MaxRetries"/> retries, each delay capped.
/// </summary>
/// <remarks>
/// Policy: retried are the errors <see cref="IsTransient"/> names (throttling, 5xx, 429, network failures and
/// timeouts not asked for by the caller); never a condition failure (an answer, which the storage reads back when a
/// retried conditional write meets it) nor the caller's cancellation. Delay before retry n (0 first): equal jitter
/// over <c>min(RetryBaseDelay * 2^n, 5 s)</c>. When the retries are spent the last error is wrapped in a
/// <see cref="DynamoDBGrainStorageException"/> that says how many attempts were made.
/// </remarks>
internal sealed class DynamoDBRetryPolicy
{
    // Which call is being retried, for the log: one pipeline serves every operation.
    private static readonly ResiliencePropertyKey<string> OperationKey = new("dynamodb.operation");

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

    private readonly string _providerName;
    private readonly string _tableName;
    private readonly RetrySchedule _schedule;
    private readonly ResiliencePipeline _pipeline;

    public DynamoDBRetryPolicy(string providerName, string tableName, int maxRetries, TimeSpan baseDelay, ILogger logger)
    {
        _providerName = providerName;
        _tableName = tableName;
        _schedule = new RetrySchedule(maxRetries, baseDelay, RetrySchedule.DefaultMaxDelay);
        _pipeline = RetryPipelines.Create($"dynamodb-{providerName}", _schedule, IsTransient, (error, context, notice) =>
            DynamoDBGrainStorageLog.RetryingAfterTransientError(logger, providerName, context.Properties.GetValue(OperationKey, ""),
                notice.Attempt, notice.MaxAttempts, notice.DelayMs, Describe(error)));
    }

    public async Task<T> ExecuteAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        context.Properties.Set(OperationKey, operation);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (context, call) => await call(context.CancellationToken).ConfigureAwait(false),
                context, call).ConfigureAwait(false);
        }
        catch (Exception error) when (IsTransient(error, cancellationToken))
        {
            // The pipeline lets a transient error through only when the retries are spent.
            throw new DynamoDBGrainStorageException(
                $"The DynamoDB grain storage '{_providerName}' gave up: " +
                _schedule.GaveUp($"{operation} (table '{_tableName}')", "MaxRetries", Describe(error)), error);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
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
        for (var cause = error; cause is not null; cause = cause.InnerException)
        {
            if (cause is HttpRequestException or SocketException or IOException or TimeoutException
                || (cause is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(Exception error) =>
        error is AmazonServiceException { ErrorCode: not null } service
            ? $"{service.ErrorCode} (HTTP {(int)service.StatusCode}): {service.Message}"
            : $"{error.GetType().Name}: {error.Message}";
}
