using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Connectors.Kafka.SchemaRegistry;

/// <summary>
/// A Schema Registry for the embedded default, started beside the embedded Kafka cluster: an in-memory store behind the
/// Confluent Schema Registry REST API (register, look up, schemas by id, subjects and versions, compatibility
/// configuration and checks, Avro only), on loopback. Confluent's serdes and tools such as <c>curl</c> talk to it
/// as to the real one. Not durable: the schemas live as long as the process. Open by default; after
/// <see cref="RequireBasicAuth"/> it answers as Confluent's does to a request without an accepted key: HTTP 401,
/// <c>{"error_code":401,"message":"Unauthorized"}</c> and a <c>WWW-Authenticate: Basic</c> challenge.
/// </summary>
public sealed class EmbeddedSchemaRegistry : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AcceptedKeys _keys;

    private EmbeddedSchemaRegistry(WebApplication app, AcceptedKeys keys, string url)
    {
        _app = app;
        _keys = keys;
        Url = url;
    }

    /// <summary>Requests refused so far for want of an accepted key.</summary>
    public long Unauthorized => Interlocked.Read(ref _keys.Refused);

    /// <summary>
    /// From now on accept only requests with HTTP basic auth carrying one of <paramref name="userInfos"/>
    /// (<c>KEY:SECRET</c>); with none, accept every request again. Call it again to rotate keys.
    /// </summary>
    public void RequireBasicAuth(params string[] userInfos)
    {
        ArgumentNullException.ThrowIfNull(userInfos);
        _keys.Accepted = [.. userInfos.Select(userInfo => Encoding.UTF8.GetBytes(userInfo))];
    }

    /// <summary>The registry's base URL (<c>http://127.0.0.1:PORT</c>).</summary>
    public string Url { get; }

    /// <summary>Starts a registry on <paramref name="address"/> (default loopback) and <paramref name="port"/> (0: a free port).</summary>
    public static async Task<EmbeddedSchemaRegistry> StartAsync(int port = 0, IPAddress? address = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(address ?? IPAddress.Loopback, port));
        var app = builder.Build();
        var keys = new AcceptedKeys();
        app.Use((context, next) => keys.Allows(context.Request) ? next(context) : RefuseAsync(context, keys));
        SchemaRegistryRoutes.Map(app, new SchemaRegistryStore());
        await app.StartAsync().ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmbeddedSchemaRegistry(app, keys, bound.Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/'));
    }

    private static Task RefuseAsync(HttpContext context, AcceptedKeys keys)
    {
        Interlocked.Increment(ref keys.Refused);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"SchemaRegistry\"";
        context.Response.ContentType = "application/vnd.schemaregistry.v1+json";
        return context.Response.WriteAsync("{\"error_code\":401,\"message\":\"Unauthorized\"}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The keys accepted now (none: open), compared in constant time.</summary>
    private sealed class AcceptedKeys
    {
        public volatile byte[][] Accepted = [];
        public long Refused;

        public bool Allows(HttpRequest request)
        {
            var accepted = Accepted;
            if (accepted.Length == 0)
            {
                return true;
            }

            var header = request.Headers.Authorization.ToString();
            const string scheme = "Basic ";
            if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            byte[] presented;
            try
            {
                presented = Convert.FromBase64String(header[scheme.Length..].Trim());
            }
            catch (FormatException)
            {
                return false;
            }

            var match = false;
            foreach (var key in accepted)
            {
                match |= CryptographicOperations.FixedTimeEquals(key, presented);
            }

            return match;
        }
    }
}
