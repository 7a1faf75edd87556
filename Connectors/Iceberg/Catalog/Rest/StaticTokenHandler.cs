using System.Net.Http.Headers;

namespace Kickstarter.Connectors.Iceberg.Catalog.Rest;

/// <summary>Sends a configured bearer token (the REST specification's BearerAuth) on every request.</summary>
internal sealed class StaticTokenHandler(string token) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return base.SendAsync(request, cancellationToken);
    }
}
