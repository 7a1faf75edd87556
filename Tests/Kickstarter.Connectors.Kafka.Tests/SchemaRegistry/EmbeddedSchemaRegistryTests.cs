using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kickstarter.Connectors.Kafka.SchemaRegistry;

namespace Kickstarter.Connectors.Kafka.Tests.SchemaRegistry;

/// <summary>
/// The embedded registry over plain HTTP, resource by resource as Confluent's Schema Registry API reference describes
/// them: bodies, status codes and error codes, and a real BACKWARD check.
/// </summary>
[SuppressMessage(
    "Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "xUnit calls IAsyncLifetime.DisposeAsync, which disposes it; the rule does not look there.")]
public sealed class EmbeddedSchemaRegistryTests : IAsyncLifetime
{
    private const string StatsRecord = """{"type":"record","name":"Stats","namespace":"t","fields":[""";
    private const string V1 = StatsRecord
        + """{"name":"email","type":"string"},{"name":"n","type":"long"}]}""";
    private const string WithDefault = StatsRecord
        + """{"name":"email","type":"string"},{"name":"n","type":"long"},{"name":"m","type":"long","default":0}]}""";
    private const string WithoutDefault = StatsRecord
        + """{"name":"email","type":"string"},{"name":"n","type":"long"},{"name":"m","type":"long"}]}""";
    private const string TypeChanged = StatsRecord
        + """{"name":"email","type":"string"},{"name":"n","type":"string"}]}""";
    private const string IntToLong = StatsRecord
        + """{"name":"email","type":"string"},{"name":"n","type":"int"}]}""";

    private EmbeddedSchemaRegistry _registry = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _registry = await EmbeddedSchemaRegistry.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_registry.Url + "/") };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _registry.DisposeAsync();
    }

    [Fact]
    public async Task RegisteredSchemaIsFoundByIdSubjectVersionAndLookup()
    {
        var (status, body) = await PostAsync("subjects/s-value/versions", V1);
        Assert.Equal(HttpStatusCode.OK, status);
        var id = body["id"]!.GetValue<int>();

        var byId = await GetAsync($"schemas/ids/{id}");
        Assert.Equal("Stats", JsonNode.Parse(byId.Body["schema"]!.GetValue<string>())!["name"]!.GetValue<string>());
        Assert.Equal(["s-value"], (await GetAsync("subjects")).Body.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([1], (await GetAsync("subjects/s-value/versions")).Body.AsArray().Select(n => n!.GetValue<int>()));
        foreach (var version in new[] { "1", "latest" })
        {
            var v = (await GetAsync($"subjects/s-value/versions/{version}")).Body;
            Assert.Equal(("s-value", 1, id), (v["subject"]!.GetValue<string>(), v["version"]!.GetValue<int>(), v["id"]!.GetValue<int>()));
        }

        var lookup = await PostAsync("subjects/s-value", V1);
        Assert.Equal(HttpStatusCode.OK, lookup.Status);
        Assert.Equal((id, 1), (lookup.Body["id"]!.GetValue<int>(), lookup.Body["version"]!.GetValue<int>()));
        // Registering it again is idempotent; the same schema under another subject keeps its id.
        Assert.Equal(id, (await PostAsync("subjects/s-value/versions", V1)).Body["id"]!.GetValue<int>());
        Assert.Equal(id, (await PostAsync("subjects/other-value/versions", V1)).Body["id"]!.GetValue<int>());
        Assert.Equal([1], (await GetAsync("subjects/s-value/versions")).Body.AsArray().Select(n => n!.GetValue<int>()));
    }

    [Fact]
    public async Task WithKeysRequiredOnlyAnAcceptedKeyGetsInAndARotationRetiresTheOldOne()
    {
        _registry.RequireBasicAuth("k1:s1");

        await AssertUnauthorizedAsync(null);
        await AssertUnauthorizedAsync("k1:wrong");
        Assert.Equal(HttpStatusCode.OK, (await SendWithKeyAsync("k1:s1")).StatusCode);

        _registry.RequireBasicAuth("k2:s2");
        await AssertUnauthorizedAsync("k1:s1");
        Assert.Equal(HttpStatusCode.OK, (await SendWithKeyAsync("k2:s2")).StatusCode);
        Assert.Equal(3, _registry.Unauthorized);

        _registry.RequireBasicAuth();
        Assert.Equal(HttpStatusCode.OK, (await SendWithKeyAsync(null)).StatusCode);
    }

    private async Task<HttpResponseMessage> SendWithKeyAsync(string? userInfo)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "subjects");
        if (userInfo is not null)
        {
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));
        }

        return await _http.SendAsync(request);
    }

    private async Task AssertUnauthorizedAsync(string? userInfo)
    {
        using var response = await SendWithKeyAsync(userInfo);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(401, (int)error["error_code"]!);
    }

    [Fact]
    public async Task ErrorsCarryTheDocumentedCodes()
    {
        await PostAsync("subjects/s-value/versions", V1);

        await AssertErrorAsync(GetAsync("subjects/missing-value/versions"), HttpStatusCode.NotFound, 40401);
        await AssertErrorAsync(GetAsync("subjects/s-value/versions/9"), HttpStatusCode.NotFound, 40402);
        await AssertErrorAsync(GetAsync("schemas/ids/999"), HttpStatusCode.NotFound, 40403);
        await AssertErrorAsync(PostAsync("subjects/s-value", TypeChanged), HttpStatusCode.NotFound, 40403);
        await AssertErrorAsync(PostAsync("subjects/missing-value", V1), HttpStatusCode.NotFound, 40401);
        await AssertErrorAsync(PostAsync("subjects/s-value/versions", """{"type":"record","name":"X","fields":[{"name":"a","type":"nope"}]}"""),
            (HttpStatusCode)422, 42201);
        await AssertErrorAsync(PutAsync("config", """{"compatibility":"SIDEWAYS"}"""), (HttpStatusCode)422, 42203);
        await AssertErrorAsync(GetAsync("subjects/s-value/versions/zero"), (HttpStatusCode)422, 42202);
    }

    [Fact]
    public async Task BackwardRejectsANewFieldWithoutDefaultAndATypeChangeButAcceptsCompatibleChanges()
    {
        Assert.Equal("BACKWARD", (await GetAsync("config")).Body["compatibilityLevel"]!.GetValue<string>());
        await PostAsync("subjects/s-value/versions", V1);

        var noDefault = await PostAsync("subjects/s-value/versions", WithoutDefault);
        Assert.Equal(HttpStatusCode.Conflict, noDefault.Status);
        Assert.Equal(409, noDefault.Body["error_code"]!.GetValue<int>());
        Assert.Contains("'m'", noDefault.Body["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync("subjects/s-value/versions", TypeChanged)).Status);
        // The compatibility resource says the same without registering.
        var check = await PostAsync("compatibility/subjects/s-value/versions/latest?verbose=true", TypeChanged);
        Assert.False(check.Body["is_compatible"]!.GetValue<bool>());
        Assert.Single(check.Body["messages"]!.AsArray());
        Assert.True((await PostAsync("compatibility/subjects/s-value/versions/1", WithDefault)).Body["is_compatible"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.OK, (await PostAsync("subjects/s-value/versions", WithDefault)).Status);
        Assert.Equal([1, 2], (await GetAsync("subjects/s-value/versions")).Body.AsArray().Select(n => n!.GetValue<int>()));
    }

    [Fact]
    public async Task SubjectLevelOverridesTheGlobalOne()
    {
        await PostAsync("subjects/s2-value/versions", IntToLong);
        await AssertErrorAsync(GetAsync("config/s2-value"), HttpStatusCode.NotFound, 40408);
        Assert.Equal("BACKWARD", (await GetAsync("config/s2-value?defaultToGlobal=true")).Body["compatibilityLevel"]!.GetValue<string>());
        // int -> long promotes, so BACKWARD accepts it; FORWARD (long read as int) does not.
        Assert.Equal("FORWARD", (await PutAsync("config/s2-value", """{"compatibility":"FORWARD"}""")).Body["compatibility"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync("subjects/s2-value/versions", V1)).Status);
        await PutAsync("config/s2-value", """{"compatibility":"NONE"}""");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("subjects/s2-value/versions", TypeChanged)).Status);
        Assert.Equal("BACKWARD", (await GetAsync("config")).Body["compatibilityLevel"]!.GetValue<string>());
    }

    private static async Task AssertErrorAsync(Task<(HttpStatusCode Status, JsonNode Body)> call, HttpStatusCode status, int errorCode)
    {
        var (actualStatus, body) = await call;
        Assert.Equal(status, actualStatus);
        Assert.Equal(errorCode, body["error_code"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body["message"]!.GetValue<string>()));
    }

    private Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string path, string schema) =>
        SendAsync(HttpMethod.Post, path, new JsonObject { ["schema"] = schema }.ToJsonString());

    private Task<(HttpStatusCode Status, JsonNode Body)> PutAsync(string path, string json) => SendAsync(HttpMethod.Put, path, json);

    private Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    private async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/vnd.schemaregistry.v1+json");
        }

        using var response = await _http.SendAsync(request);
        Assert.Equal("application/vnd.schemaregistry.v1+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
