using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kickstarter.Grains.Epochs.Coordinator;

/// <summary>
/// Ends a bounded run cleanly: commits a job until every source partition has been read to its end, then commits a
/// final epoch that releases everything held back for the watermark.
/// </summary>
/// <remarks>
/// A plain loop, not a Polly pipeline like the other retries: it polls for progress towards one deadline (commit,
/// look at the positions, commit the final epoch once caught up), and a failed call is only one of three reasons to go
/// round again. As a retry pipeline it would need a result predicate, two delays and the deadline in its handler, and
/// read no simpler than this. Every failed call is logged (event 109) with its exception, and a drain that runs out of
/// time carries the last failure as the inner exception of its <see cref="TimeoutException"/>.
/// </remarks>
public static partial class JobDrainer
{
    /// <summary>Drains <paramref name="job"/>; <paramref name="partitions"/> is the partition count of each source topic.</summary>
    public static async Task<CommitterStatus> DrainAsync(
        IGrainFactory grains,
        JobDefinition job,
        int partitions,
        TimeSpan timeout,
        ILogger? logger = null,
        CancellationToken ct = default)
    {
        logger ??= NullLogger.Instance;
        var committer = grains.GetGrain<ICommitterGrain>(job.Name);
        Exception? lastFailure = null;
        var failures = 0;
        var expected = job.SourceTopics.Count * partitions;
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            CommitterStatus status;
            try
            {
                status = await committer.CommitNowAsync(final: false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && DateTime.UtcNow < deadline)
            {
                // The committer's silo died, or an epoch failed on any error, the sink's included (an S3 write past its
                // retry budget arrives as an IOException): the next call reaches a committer that recovers from what
                // storage says. Giving up here would stop the run with its last epochs never committed.
                lastFailure = ex;
                failures++;
                LogCommitFailed(logger, ex, job.Name, failures, final: false, timeout);
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
                continue;
            }

            var positions = status.Positions.Where(position => job.SourceTopics.Contains(position.Topic)).ToList();
            if (positions.Count >= expected && positions.All(position => position.CaughtUp))
            {
                try
                {
                    return await committer.CommitNowAsync(final: true);
                }
                catch (Exception ex) when (ex is not OperationCanceledException && DateTime.UtcNow < deadline)
                {
                    lastFailure = ex;
                    failures++;
                    LogCommitFailed(logger, ex, job.Name, failures, final: true, timeout);
                    await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
                    continue;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"Job {job.Name} did not reach the end of its sources within {timeout}: " +
                    $"{positions.Count(position => position.CaughtUp)} of {expected} partitions caught up " +
                    $"[{string.Join(", ", positions.Select(Describe))}]" +
                    (lastFailure is null ? "." : $"; {failures} commit calls failed, the last with: {lastFailure.Message}"),
                    lastFailure);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning,
        Message = "Draining {Job}: commit call {Failures} failed (final epoch: {Final}); retrying within the drain's {Timeout}")]
    private static partial void LogCommitFailed(
        ILogger logger, Exception exception, string job, int failures, bool final, TimeSpan timeout);

    private static string Describe(PartitionCheckpoint position) =>
        $"{position.Topic}/{position.Partition}@{position.NextOffset}{(position.CaughtUp ? " done" : "")}";
}
