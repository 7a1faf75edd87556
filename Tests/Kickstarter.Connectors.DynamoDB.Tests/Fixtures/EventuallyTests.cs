using Kickstarter.Testing;

namespace Kickstarter.Connectors.DynamoDB.Tests.Fixtures;

public sealed class EventuallyTests
{
    [Fact]
    public async Task ReturnsOnceTheConditionHolds()
    {
        var calls = 0;

        await Eventually.Until(() => ++calls >= 3, TimeSpan.FromSeconds(10), "three calls were made");

        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task AsyncConditionThatThrowsIsRetried()
    {
        var calls = 0;

        await Eventually.Until(() => ++calls < 2 ? throw new InvalidOperationException("not yet") : Task.FromResult(true),
            TimeSpan.FromSeconds(10), "the second call succeeds");

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task TimeoutNamesWhatWasAwaitedAndTheLastError()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Eventually.Until((Func<bool>)(() => throw new InvalidOperationException("still down")), TimeSpan.FromMilliseconds(50), "the broker answers"));

        Assert.Contains("the broker answers", error.Message);
        Assert.Equal("still down", error.InnerException?.Message);
    }

    [Fact]
    public void FreePortIsBindable()
    {
        var port = FreePort.Next();
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);

        listener.Start();
        listener.Stop();

        Assert.InRange(port, 1, 65535);
    }
}
