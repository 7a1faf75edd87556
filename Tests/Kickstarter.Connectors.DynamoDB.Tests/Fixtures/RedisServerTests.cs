using System.Net.Sockets;
using System.Text;
using Kickstarter.Testing;

namespace Kickstarter.Connectors.DynamoDB.Tests.Fixtures;

public sealed class RedisServerTests
{
    [Fact]
    public async Task RedisAnswersCommandsOnItsPortAndStopsOnDispose()
    {
        var redis = await RedisServer.StartAsync();
        var port = redis.Port;

        Assert.Equal($"127.0.0.1:{port}", redis.ConnectionString);
        Assert.Equal("+OK", await SendAsync(port, "SET flight SUN123"));
        Assert.Equal("$6\r\nSUN123", await SendAsync(port, "GET flight"));

        await redis.DisposeAsync();

        await Assert.ThrowsAnyAsync<SocketException>(() => SendAsync(port, "PING"));
    }

    [Fact]
    public async Task TwoServersGetDifferentPorts()
    {
        await using var first = await RedisServer.StartAsync();
        await using var second = await RedisServer.StartAsync();

        Assert.NotEqual(first.Port, second.Port);
        Assert.Equal("+PONG", await SendAsync(second.Port, "PING"));
    }

    private static async Task<string> SendAsync(int port, string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read).TrimEnd('\r', '\n');
    }
}
