using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Testing.Faults;

/// <summary>
/// A reverse proxy on a free loopback port in front of a real HTTP service (s3rver, dynalite): a process under test
/// is pointed at <see cref="Url"/> instead of the service, and <see cref="Rule"/> decides per request whether to pass
/// it on, fail it (the write never happens) or pass it on and then fail it (the write lands and reports an error).
/// Requests are forwarded byte for byte with their own Host header, so AWS signatures still verify at the service.
/// </summary>
public sealed class HttpFaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _client;
    private readonly Uri _target;
    private readonly object _lock = new();
    private readonly List<(ProxiedRequest Request, ProxyVerdict Verdict, int Status)> _log = [];

    private HttpFaultProxy(WebApplication app, Uri target)
    {
        _app = app;
        _target = target;
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None };
        _client = new HttpClient(handler)
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>The proxy's base address, e.g. "http://127.0.0.1:40123".</summary>
    public string Url { get; private set; } = "";

    /// <summary>
    /// Decides each request: null or <see cref="ProxyVerdict.Forward"/> passes it on. Called concurrently; a rule
    /// keeping counts must lock. Replace it at any time (the next request sees the new rule).
    /// </summary>
    public Func<ProxiedRequest, (ProxyVerdict Verdict, ProxyFault? Fault)>? Rule { get; set; }

    /// <summary>Every request so far with what was done to it and the status answered.</summary>
    public IReadOnlyList<(ProxiedRequest Request, ProxyVerdict Verdict, int Status)> Log
    {
        get { lock (_lock)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>Requests that were failed (with or without reaching the service) and match <paramref name="predicate"/>.</summary>
    public int Faulted(Func<ProxiedRequest, bool> predicate) =>
        Log.Count(entry => entry.Verdict != ProxyVerdict.Forward && predicate(entry.Request));

    /// <summary>Starts a proxy for the service at <paramref name="target"/> (scheme, host and port).</summary>
    public static async Task<HttpFaultProxy> StartAsync(string target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var proxy = new HttpFaultProxy(app, new Uri(target));
        app.Run(proxy.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        proxy.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return proxy;
    }

    /// <summary>Stops the proxy.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var questionMark = raw.IndexOf('?', StringComparison.Ordinal);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var request = new ProxiedRequest(
            context.Request.Method,
            questionMark < 0 ? raw : raw[..questionMark],
            questionMark < 0 ? "" : raw[questionMark..],
            target,
            target.Length == 0 ? "" : System.Text.Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length));
        var (verdict, fault) = Rule?.Invoke(request) ?? (ProxyVerdict.Forward, null);
        if (verdict != ProxyVerdict.Forward && fault is null)
        {
            throw new InvalidOperationException("A fault verdict needs a fault answer.");
        }

        HttpResponseMessage? answer = null;
        try
        {
            if (verdict != ProxyVerdict.Fail)
            {
                answer = await ForwardAsync(context, raw, body.ToArray()).ConfigureAwait(false);
            }

            var status = verdict == ProxyVerdict.Forward ? (int)answer!.StatusCode : fault!.Status;
            lock (_lock)
            {
                _log.Add((request, verdict, status));
            }

            if (verdict == ProxyVerdict.Forward)
            {
                await CopyAnswerAsync(context, answer!).ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = fault!.Status;
            context.Response.ContentType = fault.ContentType;
            await context.Response.WriteAsync(fault.Body, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            answer?.Dispose();
        }
    }

    private async Task<HttpResponseMessage> ForwardAsync(HttpContext context, string rawTarget, byte[] body)
    {
        using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(_target, rawTarget));
        var hasBody = body.Length > 0 || context.Request.ContentLength is not null;
        if (hasBody)
        {
            forward.Content = new ByteArrayContent(body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHop.Contains(name) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values) && forward.Content is not null)
            {
                forward.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // The signature covers the Host the client signed: send the proxy's own host on to the service.
        forward.Headers.Host = context.Request.Host.Value;
        return await _client.SendAsync(forward, HttpCompletionOption.ResponseContentRead, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task CopyAnswerAsync(HttpContext context, HttpResponseMessage answer)
    {
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        var bytes = await answer.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
        if (bytes.Length > 0)
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
