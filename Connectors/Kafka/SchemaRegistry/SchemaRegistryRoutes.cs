using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kickstarter.Connectors.Kafka.SchemaRegistry;

/// <summary>
/// The Confluent Schema Registry REST resources the serdes and common tools use, over <see cref="SchemaRegistryStore"/>.
/// Requests and responses are JSON (<c>application/vnd.schemaregistry.v1+json</c>); errors are
/// <c>{"error_code", "message"}</c> with the API reference's codes. Avro schemas only.
/// </summary>
internal static class SchemaRegistryRoutes
{
    private const string ContentType = "application/vnd.schemaregistry.v1+json";

    public static void Map(IEndpointRouteBuilder app, SchemaRegistryStore store)
    {
        app.MapPost("/subjects/{subject}/versions", (string subject, HttpRequest request) => Handle(async () =>
        {
            var id = store.Register(subject, await SchemaOfAsync(request).ConfigureAwait(false));
            return new JsonObject { ["id"] = id };
        }));
        app.MapGet("/schemas/ids/{id:int}", (int id) => Handle(() => Task.FromResult<JsonNode>(
            new JsonObject { ["schema"] = store.SchemaById(id) })));
        app.MapGet("/subjects", () => Handle(() => Task.FromResult<JsonNode>(
            new JsonArray([.. store.Subjects().Select(subject => JsonValue.Create(subject))]))));
        app.MapGet("/subjects/{subject}/versions", (string subject) => Handle(() => Task.FromResult<JsonNode>(
            new JsonArray([.. store.Versions(subject).Select(version => JsonValue.Create(version))]))));
        app.MapGet("/subjects/{subject}/versions/{version}", (string subject, string version) => Handle(() =>
            Task.FromResult<JsonNode>(VersionJson(store.GetVersion(subject, ParseVersion(version))))));
        app.MapPost("/subjects/{subject}", (string subject, HttpRequest request) => Handle(async () =>
            VersionJson(store.Lookup(subject, await SchemaOfAsync(request).ConfigureAwait(false)))));
        app.MapGet("/config", () => Handle(() => Task.FromResult<JsonNode>(
            new JsonObject { ["compatibilityLevel"] = store.GlobalLevel })));
        app.MapPut("/config", (HttpRequest request) => Handle(async () =>
        {
            var level = await LevelOfAsync(request).ConfigureAwait(false);
            store.SetGlobalLevel(level);
            return new JsonObject { ["compatibility"] = level };
        }));
        app.MapGet("/config/{subject}", (string subject, bool? defaultToGlobal) => Handle(() => Task.FromResult<JsonNode>(
            new JsonObject
            {
                ["compatibilityLevel"] = store.SubjectLevel(subject)
                    ?? (defaultToGlobal == true ? store.GlobalLevel : throw SchemaRegistryError.NoSubjectLevelConfig(subject)),
            })));
        app.MapPut("/config/{subject}", (string subject, HttpRequest request) => Handle(async () =>
        {
            var level = await LevelOfAsync(request).ConfigureAwait(false);
            store.SetSubjectLevel(subject, level);
            return new JsonObject { ["compatibility"] = level };
        }));
        app.MapPost("/compatibility/subjects/{subject}/versions/{version}",
            (string subject, string version, bool? verbose, HttpRequest request) => Handle(async () =>
            {
                var schema = await SchemaOfAsync(request).ConfigureAwait(false);
                var problem = store.CheckCompatibility(subject, ParseVersion(version), schema);
                var body = new JsonObject { ["is_compatible"] = problem is null };
                if (verbose == true)
                {
                    body["messages"] = problem is null ? new JsonArray() : new JsonArray(JsonValue.Create(problem));
                }

                return body;
            }));
    }

    private static async Task<IResult> Handle(Func<Task<JsonNode>> action)
    {
        try
        {
            var body = await action().ConfigureAwait(false);
            return Results.Text(body.ToJsonString(), ContentType, statusCode: 200);
        }
        catch (SchemaRegistryError error)
        {
            var body = new JsonObject { ["error_code"] = error.ErrorCode, ["message"] = error.Message };
            return Results.Text(body.ToJsonString(), ContentType, statusCode: error.Status);
        }
    }

    private static int ParseVersion(string version)
    {
        if (version == "latest")
        {
            return -1;
        }

        return int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1
            ? number
            : throw SchemaRegistryError.InvalidVersion(version);
    }

    private static JsonObject VersionJson(SchemaRegistryStore.Version version) => new JsonObject
    {
        ["subject"] = version.Subject,
        ["version"] = version.Number,
        ["id"] = version.Id,
        ["schema"] = version.Schema,
    };

    /// <summary>The <c>schema</c> of a request body; only Avro (no <c>schemaType</c>, or AVRO) without references.</summary>
    private static async Task<string> SchemaOfAsync(HttpRequest request)
    {
        var body = await BodyAsync(request).ConfigureAwait(false);
        var type = body?["schemaType"]?.GetValue<string>() ?? "AVRO";
        if (type != "AVRO")
        {
            throw SchemaRegistryError.InvalidSchema($"schemaType {type} is not served by this registry (Avro only)");
        }

        if (body?["references"] is JsonArray { Count: > 0 })
        {
            throw SchemaRegistryError.InvalidSchema("schema references are not served by this registry");
        }

        return body?["schema"]?.GetValue<string>() is { Length: > 0 } schema
            ? schema
            : throw SchemaRegistryError.InvalidSchema("the request has no 'schema'");
    }

    private static async Task<string> LevelOfAsync(HttpRequest request)
    {
        var body = await BodyAsync(request).ConfigureAwait(false);
        var level = body?["compatibility"]?.GetValue<string>() ?? body?["compatibilityLevel"]?.GetValue<string>();
        return CompatibilityLevels.IsValid(level) ? level! : throw SchemaRegistryError.InvalidCompatibilityLevel(level);
    }

    private static async Task<JsonNode?> BodyAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw SchemaRegistryError.InvalidSchema($"the request body is not JSON: {ex.Message}");
        }
    }
}
