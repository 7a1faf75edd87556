using Polly;
using Polly.Retry;

namespace Kickstarter.Resilience;

/// <summary>
/// Builds the connectors' Polly retry pipelines in one shape: the budget and backoff of a <see cref="RetrySchedule"/>,
/// the caller's predicate for what is worth another attempt, and the caller's [LoggerMessage] for each retry. Giving up
/// is the caller's: the pipeline hands back the last outcome (a result, or the exception rethrown), and the caller turns
/// it into its own exception with <see cref="RetrySchedule.GaveUp"/>. The caller's cancellation ends a wait at once
/// with <see cref="OperationCanceledException"/>.
/// </summary>
internal static class RetryPipelines
{
    /// <summary>A pipeline for calls that fail by throwing; retries the exceptions <paramref name="shouldRetry"/> accepts.</summary>
    public static ResiliencePipeline Create(
        string name, RetrySchedule schedule, Func<Exception, CancellationToken, bool> shouldRetry,
        Action<Exception, ResilienceContext, RetryNotice> onRetry) =>
        new ResiliencePipelineBuilder()
            .AddRetry(Configure<RetryStrategyOptions, object>(
                new RetryStrategyOptions(),
                name,
                _ => schedule,
                (outcome, context) => outcome.Exception is { } error && shouldRetry(error, context.CancellationToken),
                (outcome, context, notice) => onRetry(outcome.Exception!, context, notice)))
            .Build();

    /// <summary>
    /// A pipeline for calls that report failure in their result (or throw); retries what <paramref name="shouldRetry"/> accepts.
    /// </summary>
    public static ResiliencePipeline<T> Create<T>(
        string name, RetrySchedule schedule, Func<Outcome<T>, bool> shouldRetry,
        Action<Outcome<T>, ResilienceContext, RetryNotice> onRetry) =>
        Create(name, _ => schedule, shouldRetry, onRetry);

    /// <summary>
    /// As <see cref="Create{T}(string, RetrySchedule, Func{Outcome{T}, bool}, Action{Outcome{T}, ResilienceContext, RetryNotice})"/>,
    /// with a schedule read from each outcome (an Iceberg commit reads it from the table properties of the base it reloaded).
    /// </summary>
    public static ResiliencePipeline<T> Create<T>(
        string name, Func<Outcome<T>, RetrySchedule> schedule, Func<Outcome<T>, bool> shouldRetry,
        Action<Outcome<T>, ResilienceContext, RetryNotice> onRetry) =>
        new ResiliencePipelineBuilder<T>()
            .AddRetry(Configure<RetryStrategyOptions<T>, T>(
                new RetryStrategyOptions<T>(),
                name,
                schedule,
                (outcome, _) => shouldRetry(outcome),
                onRetry))
            .Build();

    private static TOptions Configure<TOptions, T>(
        TOptions options,
        string name,
        Func<Outcome<T>, RetrySchedule> schedule,
        Func<Outcome<T>, ResilienceContext, bool> shouldRetry,
        Action<Outcome<T>, ResilienceContext, RetryNotice> onRetry)
        where TOptions : RetryStrategyOptions<T>
    {
        options.Name = name;
        // The budget is checked in ShouldHandle, against the schedule of the outcome, so that 0 retries (fail at once)
        // needs no special pipeline and a schedule may come with the outcome.
        options.MaxRetryAttempts = int.MaxValue;
        // The predicate first: a schedule read from a result is only there when the outcome is one worth retrying.
        options.ShouldHandle = args => ValueTask.FromResult(
            shouldRetry(args.Outcome, args.Context) && args.AttemptNumber < schedule(args.Outcome).MaxRetries);
        options.DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(schedule(args.Outcome).Backoff(args.AttemptNumber));
        options.OnRetry = args =>
        {
            var attempts = schedule(args.Outcome).MaxAttempts;
            onRetry(args.Outcome, args.Context, new RetryNotice(args.AttemptNumber + 1, attempts, args.RetryDelay));
            return ValueTask.CompletedTask;
        };
        return options;
    }
}
