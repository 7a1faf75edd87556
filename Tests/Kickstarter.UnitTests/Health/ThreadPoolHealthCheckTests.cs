using System.Collections.Concurrent;
using Kickstarter.Silo.Health;
using Kickstarter.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kickstarter.UnitTests.Health;

/// <summary>
/// The liveness check's own verdicts. <c>LivenessProcessTests</c> wedges a real silo's pool outright, where no request
/// is served and the probe times out; here the probe's work item is queued on a scheduler that holds it, which is a
/// pool that still answers but runs new work late: the check must say Unhealthy (503 on /health/live), and Healthy
/// again once work runs.
/// </summary>
public sealed class ThreadPoolHealthCheckTests
{
    [Fact]
    public async Task AWorkItemThatDoesNotStartInTimeIsUnhealthyAndNamesTheTimeout()
    {
        var held = new HeldScheduler();
        var check = new ThreadPoolHealthCheck(held, TimeSpan.FromMilliseconds(300));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("thread pool did not run a work item within 0.3 s", result.Description);
        Assert.Equal(1, held.Count);
    }

    [Fact]
    public async Task AWorkItemThatStartsIsHealthyWithItsWait()
    {
        var held = new HeldScheduler();
        var check = new ThreadPoolHealthCheck(held, TimeSpan.FromSeconds(30));

        var pending = check.CheckHealthAsync(new HealthCheckContext());
        await Eventually.Until(() => held.Count == 1, TimeSpan.FromSeconds(10), "the probe's work item is queued");
        Assert.False(pending.IsCompleted, "the check answered before its work item ran");
        held.RunAll();
        var result = await pending;

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Matches(@"^thread pool answered in \d+ ms$", result.Description);
    }

    [Fact]
    public async Task TheSilosCheckUsesTheThreadPoolAndAnswersHealthyWhenItIsFree()
    {
        var result = await new ThreadPoolHealthCheck().CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Matches(@"^thread pool answered in \d+ ms$", result.Description);
    }

    /// <summary>Keeps every task queued on it until <see cref="RunAll"/>: new work that does not start.</summary>
    private sealed class HeldScheduler : TaskScheduler
    {
        private readonly ConcurrentQueue<Task> _held = new();

        public int Count => _held.Count;

        public void RunAll()
        {
            while (_held.TryDequeue(out var task))
            {
                TryExecuteTask(task);
            }
        }

        protected override void QueueTask(Task task) => _held.Enqueue(task);

        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

        protected override IEnumerable<Task> GetScheduledTasks() => [.. _held];
    }
}
