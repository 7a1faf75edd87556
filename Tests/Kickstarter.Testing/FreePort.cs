using System.Net;
using System.Net.Sockets;

namespace Kickstarter.Testing;

/// <summary>Finds a TCP port on the loopback interface that nobody listens on right now.</summary>
public static class FreePort
{
    /// <summary>
    /// Binds port 0 on 127.0.0.1, reads the port the OS chose and releases it. Another process can take it before
    /// the caller does, so callers that start a server on it retry with a new port when the start fails.
    /// </summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
