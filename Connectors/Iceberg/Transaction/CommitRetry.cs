using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Transaction;

/// <summary>
/// The optimistic commit loop: reload the current metadata, apply the change to it, try to commit the next
/// version; on a lost race wait with exponential backoff and jitter (commit.retry.* properties) and try again.
/// </summary>
internal static class CommitRetry
{
    // apply: the change on a fresh base; null means nothing to commit (the base is returned as is).
    public static async Task<TableMetadata> RunAsync(Table table, Func<TableMetadata, int, Task<TableMetadata?>> apply, Func<int, Task>? onLostAttempt, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var @base = await table.RefreshAsync(ct).ConfigureAwait(false);
            var updated = await apply(@base, attempt).ConfigureAwait(false);
            if (updated is null)
            {
                return @base;
            }

            var committed = await table.Operations.TryCommitAsync(@base, updated, ct).ConfigureAwait(false);
            if (committed is not null)
            {
                table.SetMetadata(committed);
                return committed;
            }
            if (onLostAttempt is not null) await onLostAttempt(attempt).ConfigureAwait(false);
            var retries = (int)@base.PropertyAsLong(TableProperties.CommitNumRetries, TableProperties.CommitNumRetriesDefault);
            if (attempt >= retries) throw new CommitFailedException($"commit to {table.Identifier} lost {attempt + 1} races to concurrent writers; giving up ({TableProperties.CommitNumRetries}={retries})");
            var min = @base.PropertyAsLong(TableProperties.CommitMinRetryWaitMs, 100);
            var max = @base.PropertyAsLong(TableProperties.CommitMaxRetryWaitMs, 60_000);
            var wait = Math.Min(max, min * (1L << Math.Min(attempt, 20)));
            await Task.Delay(TimeSpan.FromMilliseconds(wait * (0.5 + Random.Shared.NextDouble())), ct).ConfigureAwait(false);
        }
    }
}
