using Kickstarter.Resilience;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests;

/// <summary>The shared retry shape (Connectors/Shared/Resilience) every connector's pipelines are built from.</summary>
public sealed class RetryPipelinesTests
{
    private static readonly RetrySchedule Fast = new(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(4));

    [Fact]
    public void BackoffIsEqualJitterOverACappedExponential()
    {
        var schedule = new RetrySchedule(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        for (var retry = 0; retry < 10; retry++)
        {
            var ceiling = Math.Min(100 * Math.Pow(2, retry), 5000);
            var delays = Enumerable.Range(0, 200).Select(_ => schedule.Backoff(retry).TotalMilliseconds).ToList();
            Assert.All(delays, delay => Assert.InRange(delay, ceiling / 2, ceiling));
            Assert.True(delays.Distinct().Count() > 1, $"retry {retry}: no jitter");
        }
    }

    [Fact]
    public async Task AResultStillFailingAfterTheBudgetIsHandedBackAfterOnePlusMaxRetriesAttempts()
    {
        var notices = new List<RetryNotice>();
        var pipeline = RetryPipelines.Create<string>("test", Fast, outcome => outcome.Result == "busy", (_, _, notice) => notices.Add(notice));
        var calls = 0;

        var result = await pipeline.ExecuteAsync(_ =>
        {
            calls++;
            return ValueTask.FromResult("busy");
        }, CancellationToken.None);

        Assert.Equal("busy", result);
        Assert.Equal(3, calls);
        Assert.Equal([1, 2], notices.Select(n => n.Attempt));
        Assert.All(notices, n => Assert.Equal(3, n.MaxAttempts));
    }

    [Fact]
    public async Task ZeroRetriesMakesOneAttempt()
    {
        var pipeline = RetryPipelines.Create(
            "test", Fast with { MaxRetries = 0 }, (_, _) => true, (_, _, _) => Assert.Fail("no retry may be made"));
        var calls = 0;

        await Assert.ThrowsAsync<TimeoutException>(async () => await pipeline.ExecuteAsync(_ =>
        {
            calls++;
            throw new TimeoutException("down");
        }, CancellationToken.None));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task AnExceptionThePredicateRejectsIsRethrownAtOnce()
    {
        var pipeline = RetryPipelines.Create("test", Fast, (error, _) => error is TimeoutException, (_, _, _) => { });
        var calls = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await pipeline.ExecuteAsync(_ =>
        {
            calls++;
            throw new InvalidOperationException("a definite answer");
        }, CancellationToken.None));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task AScheduleReadFromTheOutcomeSetsTheBudget()
    {
        // As the Iceberg commit does: each outcome carries its own budget (the table's commit.retry.num-retries).
        var pipeline = RetryPipelines.Create<int>(
            "test", _ => Fast with { MaxRetries = 4 }, outcome => outcome.Result > 0, (_, _, _) => { });
        var calls = 0;

        await pipeline.ExecuteAsync(_ => ValueTask.FromResult(++calls), CancellationToken.None);

        Assert.Equal(5, calls);
    }

    [Fact]
    public void GiveUpTextSaysTheAttemptsTheSettingAndTheLastError()
    {
        Assert.Equal("PutItem failed 3 times (MaxRetries=2); last error Throttling", Fast.GaveUp("PutItem", "MaxRetries", "Throttling"));
        Assert.Equal(
            "PutItem failed 1 time (MaxRetries=0); last error Throttling",
            (Fast with { MaxRetries = 0 }).GaveUp("PutItem", "MaxRetries", "Throttling"));
    }
}
