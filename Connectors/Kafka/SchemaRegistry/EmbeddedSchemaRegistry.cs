using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Connectors.Kafka.SchemaRegistry;

/// <summary>
/// A Schema Registry for the embedded default, started beside the embedded Kafka cluster: an in-memory store behind the
/// Confluent Schema Registry REST API (register, look up, schemas by id, subjects and versions, compatibility
/// configuration and checks, Avro only), on loopback. Confluent's serdes and tools such as <c>curl</c> talk to it
/// as to the real one. Not durable: the schemas live as long as the process.
/// </summary>
public sealed class EmbeddedSchemaRegistry : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedSchemaRegistry(WebApplication app, string url)
    {
        _app = app;
        Url = url;
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
        SchemaRegistryRoutes.Map(app, new SchemaRegistryStore());
        await app.StartAsync().ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmbeddedSchemaRegistry(app, bound.Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/'));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
