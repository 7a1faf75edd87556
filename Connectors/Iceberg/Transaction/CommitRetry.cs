using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Spec;
using Kickstarter.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Kickstarter.Connectors.Iceberg.Transaction;

/// <summary>
/// The optimistic commit loop as a Polly retry pipeline built like every connector's (<see cref="RetryPipelines"/>).
/// Each attempt reloads the current metadata, applies the change to it and tries to commit the next version.
/// </summary>
/// <remarks>
/// Policy (the table's own <c>commit.retry.*</c> properties, read from the base each attempt reloaded, as Java Iceberg does):
/// <list type="bullet">
/// <item>Retried: only a lost race, i.e. <see cref="ITableOperations.TryCommitAsync"/> returned null because another
/// writer committed a successor of the base first. Nothing is known to be wrong with our change, so it is re-applied
/// to the newer base.</item>
/// <item>Not retried: every exception (a <see cref="ValidationException"/> from re-applying, storage or catalog errors,
/// cancellation) propagates at once; retrying an I/O error is the file IO's or the catalog client's job.</item>
/// <item>Attempts: 1 + <c>commit.retry.num-retries</c> (default 4); then <see cref="CommitFailedException"/>.</item>
/// <item>Backoff: the connectors' one shape (<see cref="RetrySchedule"/>): equal jitter over <c>min-wait-ms * 2^retry</c>
/// capped at <c>max-wait-ms</c> (defaults 100 ms and 60 s), so racing writers spread out.</item>
/// <item>Logged: each retry (event 4140, Information: a lost race is the protocol working, not a fault), on the
/// logger of the table's <see cref="TableEnvironment"/>; the give-up is the exception.</item>
/// </list>
/// </remarks>
internal static partial class CommitRetry
{
    private const long DefaultMinWaitMs = 100;
    private const long DefaultMaxWaitMs = 60_000;

    // Every knob comes from the outcome (the base of the attempt), so one pipeline serves all tables; the table being
    // committed travels in the context, for the retry log.
    private static readonly ResiliencePropertyKey<Table> TableKey = new("kickstarter.iceberg.table");

    private static readonly ResiliencePipeline<Attempt> Pipeline = RetryPipelines.Create<Attempt>(
        "iceberg-commit",
        outcome => Schedule(outcome.Result!.Base),
        outcome => outcome.Result is { LostRace: true },
        (_, context, notice) =>
        {
            var table = context.Properties.GetValue(TableKey, null!);
            LogLostRace(table.Environment.Logger, table.Identifier, notice.Attempt, notice.MaxAttempts, notice.DelayMs);
        });

    /// <summary>
    /// Runs the commit. <paramref name="apply"/> gets a freshly reloaded base and the attempt number (0 first) and
    /// returns the successor metadata, or null when there is nothing to commit (the base is then returned as is).
    /// <paramref name="onLostAttempt"/> runs after every lost race, the last one included, to clean up that attempt's files.
    /// </summary>
    public static async Task<TableMetadata> RunAsync(
        Table table,
        Func<TableMetadata, int, Task<TableMetadata?>> apply,
        Func<int, Task>? onLostAttempt,
        CancellationToken ct)
    {
        var attempts = 0;
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(TableKey, table);
        Attempt final;
        try
        {
            final = await Pipeline.ExecuteAsync(async ctx => await AttemptAsync(ctx.CancellationToken).ConfigureAwait(false), context)
                .ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        return final.Result ?? throw new CommitFailedException(
            $"commit to {table.Identifier} lost {attempts} races to concurrent writers; giving up " +
            $"({TableProperties.CommitNumRetries}={Retries(final.Base)})");

        async Task<Attempt> AttemptAsync(CancellationToken token)
        {
            var attempt = attempts++;
            var @base = await table.RefreshAsync(token).ConfigureAwait(false);
            var updated = await apply(@base, attempt).ConfigureAwait(false);
            if (updated is null)
            {
                return new Attempt(@base, @base, LostRace: false);
            }

            var committed = await table.Operations.TryCommitAsync(@base, updated, token).ConfigureAwait(false);
            if (committed is not null)
            {
                table.SetMetadata(committed);
                return new Attempt(@base, committed, LostRace: false);
            }
            if (onLostAttempt is not null)
            {
                await onLostAttempt(attempt).ConfigureAwait(false);
            }

            return new Attempt(@base, null, LostRace: true);
        }
    }

    [LoggerMessage(EventId = 4140, Level = LogLevel.Information,
        Message = "Commit to {Table} lost a race to a concurrent writer on attempt {Attempt} of {MaxAttempts}; "
            + "re-applying to the newer metadata in {DelayMs:0} ms")]
    private static partial void LogLostRace(ILogger logger, TableIdentifier table, int attempt, int maxAttempts, double delayMs);

    private static long Retries(TableMetadata @base) =>
        @base.PropertyAsLong(TableProperties.CommitNumRetries, TableProperties.CommitNumRetriesDefault);

    private static RetrySchedule Schedule(TableMetadata @base) => new(
        (int)Math.Clamp(Retries(@base), 0, int.MaxValue - 1),
        TimeSpan.FromMilliseconds(@base.PropertyAsLong(TableProperties.CommitMinRetryWaitMs, DefaultMinWaitMs)),
        TimeSpan.FromMilliseconds(@base.PropertyAsLong(TableProperties.CommitMaxRetryWaitMs, DefaultMaxWaitMs)));

    /// <summary>One attempt: the base it reloaded, the metadata it leaves current (null after a lost race).</summary>
    private sealed record Attempt(TableMetadata Base, TableMetadata? Result, bool LostRace);
}
