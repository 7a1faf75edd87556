using System.Text.Json;

namespace Kickstarter.Connectors.Iceberg.Catalog.Rest;

/// <summary>One HTTP answer of the catalog: status and parsed JSON body (null when the body was empty).</summary>
internal sealed record RestResponse(int Status, JsonElement? Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The error's type and message from an IcebergErrorResponse body (validated before use).</summary>
    public string ErrorText => Body is { } body && body.TryGetProperty("error", out var error)
        ? $"{error.GetProperty("type").GetString()}: {error.GetProperty("message").GetString()} (HTTP {Status})"
        : $"HTTP {Status}";

    public string? ErrorType =>
        Body is { } body && body.TryGetProperty("error", out var error) ? error.GetProperty("type").GetString() : null;
}
