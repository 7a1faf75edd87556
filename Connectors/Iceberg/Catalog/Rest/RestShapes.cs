using System.Text.Json;

namespace Kickstarter.Connectors.Iceberg.Catalog.Rest;

/// <summary>
/// Checks of the response bodies this client reads, against the component schemas of the Iceberg REST catalog
/// OpenAPI specification (section names in each method). Only what the client relies on is checked; a violation
/// throws <see cref="RestProtocolException"/> with the JSON path and the rule.
/// </summary>
internal static class RestShapes
{
    /// <summary>CatalogConfig: required objects "defaults" and "overrides" of strings; optional "endpoints" array of strings.</summary>
    public static void CatalogConfig(JsonElement body)
    {
        Object(body, "$");
        StringMap(Required(body, "$", "defaults"), "$.defaults");
        StringMap(Required(body, "$", "overrides"), "$.overrides");
        if (Optional(body, "endpoints") is { } endpoints)
        {
            StringArray(endpoints, "$.endpoints");
        }
    }

    /// <summary>CreateNamespaceResponse / GetNamespaceResponse: required "namespace" (array of strings), optional "properties" map
    /// (nullable for Get).</summary>
    public static void NamespaceResponse(JsonElement body)
    {
        Object(body, "$");
        StringArray(Required(body, "$", "namespace"), "$.namespace");
        if (Optional(body, "properties") is { ValueKind: not JsonValueKind.Null } properties)
        {
            StringMap(properties, "$.properties");
        }
    }

    /// <summary>ListNamespacesResponse: optional "namespaces" (array of Namespace), optional "next-page-token" (string or null).</summary>
    public static void ListNamespacesResponse(JsonElement body)
    {
        Object(body, "$");
        if (Optional(body, "namespaces") is { } namespaces)
        {
            Array(namespaces, "$.namespaces");
            var i = 0;
            foreach (var ns in namespaces.EnumerateArray())
            {
                StringArray(ns, $"$.namespaces[{i++}]");
            }
        }

        PageToken(body);
    }

    /// <summary>ListTablesResponse: optional "identifiers" (array of TableIdentifier), optional "next-page-token".</summary>
    public static void ListTablesResponse(JsonElement body)
    {
        Object(body, "$");
        if (Optional(body, "identifiers") is { } identifiers)
        {
            Array(identifiers, "$.identifiers");
            var i = 0;
            foreach (var id in identifiers.EnumerateArray())
            {
                var path = $"$.identifiers[{i++}]";
                Object(id, path);
                StringArray(Required(id, path, "namespace"), path + ".namespace");
                String(Required(id, path, "name"), path + ".name");
            }
        }

        PageToken(body);
    }

    /// <summary>LoadTableResult: required "metadata" (TableMetadata), "metadata-location" string or null, optional "config" map.</summary>
    public static void LoadTableResult(JsonElement body)
    {
        Object(body, "$");
        TableMetadata(Required(body, "$", "metadata"), "$.metadata");
        if (Optional(body, "metadata-location") is { ValueKind: not JsonValueKind.Null } location)
        {
            String(location, "$.metadata-location");
        }

        if (Optional(body, "config") is { } config)
        {
            StringMap(config, "$.config");
        }
    }

    /// <summary>CommitTableResponse: required "metadata-location" (string) and "metadata" (TableMetadata).</summary>
    public static void CommitTableResponse(JsonElement body)
    {
        Object(body, "$");
        String(Required(body, "$", "metadata-location"), "$.metadata-location");
        TableMetadata(Required(body, "$", "metadata"), "$.metadata");
    }

    /// <summary>IcebergErrorResponse: required "error" (ErrorModel: message string, type string, code integer 400-600).</summary>
    public static void ErrorResponse(JsonElement body)
    {
        Object(body, "$");
        var error = Required(body, "$", "error");
        Object(error, "$.error");
        String(Required(error, "$.error", "message"), "$.error.message");
        String(Required(error, "$.error", "type"), "$.error.type");
        var code = Required(error, "$.error", "code");
        if (code.ValueKind != JsonValueKind.Number || !code.TryGetInt32(out var errorCode) || errorCode < 400 || errorCode > 600)
        {
            throw new RestProtocolException("$.error.code must be an integer from 400 to 600");
        }
    }

    /// <summary>OAuthTokenResponse: required "access_token" (string) and "token_type" (bearer, mac or N_A); optional integer
    /// "expires_in".</summary>
    public static void TokenResponse(JsonElement body)
    {
        Object(body, "$");
        String(Required(body, "$", "access_token"), "$.access_token");
        var type = Required(body, "$", "token_type");
        String(type, "$.token_type");
        if (type.GetString() is not ("bearer" or "mac" or "N_A" or "Bearer"))
        {
            throw new RestProtocolException($"$.token_type must be one of bearer, mac, N_A (was '{type.GetString()}')");
        }

        if (Optional(body, "expires_in") is { } expires && (expires.ValueKind != JsonValueKind.Number || !expires.TryGetInt64(out _)))
        {
            throw new RestProtocolException("$.expires_in must be an integer");
        }
    }

    /// <summary>TableMetadata: required "format-version" (1-3) and "table-uuid" (string); the rest is read by the metadata
    /// parser.</summary>
    private static void TableMetadata(JsonElement metadata, string path)
    {
        Object(metadata, path);
        var version = Required(metadata, path, "format-version");
        if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var formatVersion)
            || formatVersion < 1 || formatVersion > 3)
        {
            throw new RestProtocolException($"{path}.format-version must be an integer from 1 to 3");
        }

        String(Required(metadata, path, "table-uuid"), path + ".table-uuid");
    }

    private static void PageToken(JsonElement body)
    {
        if (Optional(body, "next-page-token") is { ValueKind: not JsonValueKind.Null } token)
        {
            String(token, "$.next-page-token");
        }
    }

    public static JsonElement Required(JsonElement obj, string path, string name) =>
        obj.TryGetProperty(name, out var value) ? value : throw new RestProtocolException($"{path}.{name} is required");

    public static JsonElement? Optional(JsonElement obj, string name) => obj.TryGetProperty(name, out var value) ? value : null;

    private static void Object(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new RestProtocolException($"{path} must be an object (was {element.ValueKind})");
        }
    }

    private static void Array(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new RestProtocolException($"{path} must be an array (was {element.ValueKind})");
        }
    }

    private static void String(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw new RestProtocolException($"{path} must be a string (was {element.ValueKind})");
        }
    }

    private static void StringArray(JsonElement element, string path)
    {
        Array(element, path);
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            String(item, $"{path}[{i++}]");
        }
    }

    private static void StringMap(JsonElement element, string path)
    {
        Object(element, path);
        foreach (var property in element.EnumerateObject())
        {
            String(property.Value, $"{path}.{property.Name}");
        }
    }
}
