using System.Globalization;
using System.Text.Json.Nodes;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest;

/// <summary>
/// The test server's table metadata, kept as plain JSON and changed by hand-written rules (not our model or
/// builder): new tables from a CreateTableRequest, requirements checked and updates applied as the specification's
/// TableRequirement and TableUpdate schemas describe them.
/// </summary>
public static class ServerTableMetadata
{
    public static JsonObject Create(JsonObject request, string location, long now)
    {
        var schema = request["schema"]!.DeepClone().AsObject();
        schema["schema-id"] = 0;
        var lastColumnId = schema["fields"]!.AsArray().Max(f => f!["id"]!.GetValue<int>());
        var spec = new JsonObject { ["spec-id"] = 0, ["fields"] = new JsonArray() };
        var lastPartitionId = 999;
        if (request["partition-spec"] is JsonObject requested)
        {
            foreach (var field in requested["fields"]!.AsArray())
            {
                var copy = field!.DeepClone().AsObject();
                copy["field-id"] = copy["field-id"]?.GetValue<int>() ?? lastPartitionId + 1;
                lastPartitionId = Math.Max(lastPartitionId, copy["field-id"]!.GetValue<int>());
                spec["fields"]!.AsArray().Add(copy);
            }
        }

        return Reparsed(new JsonObject
        {
            ["format-version"] = 2,
            ["table-uuid"] = Guid.NewGuid().ToString(),
            ["location"] = location,
            ["last-sequence-number"] = 0,
            ["last-updated-ms"] = now,
            ["last-column-id"] = lastColumnId,
            ["schemas"] = new JsonArray(schema),
            ["current-schema-id"] = 0,
            ["partition-specs"] = new JsonArray(spec),
            ["default-spec-id"] = 0,
            ["last-partition-id"] = lastPartitionId,
            ["sort-orders"] = new JsonArray(new JsonObject { ["order-id"] = 0, ["fields"] = new JsonArray() }),
            ["default-sort-order-id"] = 0,
            ["properties"] = request["properties"]?.DeepClone() ?? new JsonObject(),
            ["refs"] = new JsonObject(),
            ["snapshots"] = new JsonArray(),
            ["snapshot-log"] = new JsonArray(),
            ["metadata-log"] = new JsonArray(),
        });
    }

    // Values built here (ints) and values parsed from requests (JSON elements) convert differently; parse once so all read alike.
    private static JsonObject Reparsed(JsonObject metadata) => JsonNode.Parse(metadata.ToJsonString())!.AsObject();

    /// <summary>The first requirement that does not hold, or null when all do.</summary>
    public static string? FailedRequirement(JsonObject metadata, JsonArray requirements)
    {
        foreach (var requirement in requirements.Select(r => r!.AsObject()))
        {
            var type = requirement["type"]!.GetValue<string>();
            switch (type)
            {
                case "assert-create":
                    return "the table exists already";
                case "assert-table-uuid" when requirement["uuid"]!.GetValue<string>() != metadata["table-uuid"]!.GetValue<string>():
                    return "table uuid mismatch";
                case "assert-ref-snapshot-id":
                    var name = requirement["ref"]!.GetValue<string>();
                    var expected = requirement["snapshot-id"]?.GetValue<long>();
                    var actual = metadata["refs"]![name]?["snapshot-id"]!.GetValue<long>();
                    if (expected != actual)
                    {
                        return $"ref {name} is at {actual?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}, expected " +
                            $"{expected?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}";
                    }

                    break;
                case "assert-current-schema-id" when requirement["current-schema-id"]!.GetValue<int>() != metadata["current-schema-id"]!.GetValue<int>():
                    return "current schema changed";
                case "assert-last-assigned-field-id" when requirement["last-assigned-field-id"]!.GetValue<int>() != metadata["last-column-id"]!.GetValue<int>():
                    return "last assigned field id changed";
                case "assert-last-assigned-partition-id"
                    when requirement["last-assigned-partition-id"]!.GetValue<int>() != metadata["last-partition-id"]!.GetValue<int>():
                    return "last assigned partition id changed";
                case "assert-default-spec-id" when requirement["default-spec-id"]!.GetValue<int>() != metadata["default-spec-id"]!.GetValue<int>():
                    return "default spec changed";
                case "assert-default-sort-order-id"
                    when requirement["default-sort-order-id"]!.GetValue<int>() != metadata["default-sort-order-id"]!.GetValue<int>():
                    return "default sort order changed";
            }
        }

        return null;
    }

    /// <summary>Applies updates to a copy; throws <see cref="InvalidOperationException"/> for an update that cannot apply (a 400).</summary>
    public static JsonObject Apply(JsonObject current, JsonArray updates, string previousLocation, long now)
    {
        var metadata = Reparsed(current);
        int? lastAddedSchema = null;
        foreach (var update in updates.Select(u => u!.AsObject()))
        {
            switch (update["action"]!.GetValue<string>())
            {
                case "add-snapshot":
                    var snapshot = update["snapshot"]!.DeepClone().AsObject();
                    var id = snapshot["snapshot-id"]!.GetValue<long>();
                    if (metadata["snapshots"]!.AsArray().Any(s => s!["snapshot-id"]!.GetValue<long>() == id))
                    {
                        throw new InvalidOperationException($"snapshot {id} exists");
                    }

                    var sequence = snapshot["sequence-number"]!.GetValue<long>();
                    if (sequence <= metadata["last-sequence-number"]!.GetValue<long>())
                    {
                        throw new InvalidOperationException($"sequence number {sequence} is not above the last");
                    }

                    metadata["last-sequence-number"] = sequence;
                    metadata["snapshots"]!.AsArray().Add(snapshot);
                    break;
                case "set-snapshot-ref":
                    var refName = update["ref-name"]!.GetValue<string>();
                    var target = metadata["snapshots"]!.AsArray()
                        .FirstOrDefault(s => s!["snapshot-id"]!.GetValue<long>() == update["snapshot-id"]!.GetValue<long>())
                        ?? throw new InvalidOperationException("set-snapshot-ref names an unknown snapshot");
                    var reference = new JsonObject { ["snapshot-id"] = update["snapshot-id"]!.GetValue<long>(), ["type"] = update["type"]!.GetValue<string>() };
                    foreach (var key in new[] { "min-snapshots-to-keep", "max-snapshot-age-ms", "max-ref-age-ms" })
                    {
                        if (update[key] is { } value)
                        {
                            reference[key] = value.DeepClone();
                        }
                    }

                    metadata["refs"]![refName] = reference;
                    if (refName == "main")
                    {
                        metadata["current-snapshot-id"] = update["snapshot-id"]!.GetValue<long>();
                        metadata["snapshot-log"]!.AsArray()
                            .Add(new JsonObject { ["timestamp-ms"] = target["timestamp-ms"]!.GetValue<long>(),
                            ["snapshot-id"] = update["snapshot-id"]!.GetValue<long>() });
                    }

                    break;
                case "remove-snapshots":
                    var ids = update["snapshot-ids"]!.AsArray().Select(i => i!.GetValue<long>()).ToHashSet();
                    foreach (var gone in metadata["snapshots"]!.AsArray().Where(s => ids.Contains(s!["snapshot-id"]!.GetValue<long>())).ToList())
                    {
                        metadata["snapshots"]!.AsArray().Remove(gone);
                    }

                    break;
                case "add-schema":
                    var schema = update["schema"]!.DeepClone().AsObject();
                    var next = metadata["schemas"]!.AsArray().Max(s => s!["schema-id"]!.GetValue<int>()) + 1;
                    schema["schema-id"] = next;
                    metadata["schemas"]!.AsArray().Add(schema);
                    lastAddedSchema = next;
                    var highest = schema["fields"]!.AsArray().Max(f => f!["id"]!.GetValue<int>());
                    metadata["last-column-id"] = Math.Max(metadata["last-column-id"]!.GetValue<int>(), highest);
                    break;
                case "set-current-schema":
                    var schemaId = update["schema-id"]!.GetValue<int>();
                    if (schemaId == -1)
                    {
                        schemaId = lastAddedSchema ?? throw new InvalidOperationException("set-current-schema -1 without add-schema");
                    }

                    if (!metadata["schemas"]!.AsArray().Any(s => s!["schema-id"]!.GetValue<int>() == schemaId))
                    {
                        throw new InvalidOperationException($"unknown schema {schemaId}");
                    }

                    metadata["current-schema-id"] = schemaId;
                    break;
                case "set-properties":
                    foreach (var (key, value) in update["updates"]!.AsObject())
                    {
                        metadata["properties"]![key] = value!.GetValue<string>();
                    }

                    break;
                case "remove-properties":
                    foreach (var key in update["removals"]!.AsArray())
                    {
                        metadata["properties"]!.AsObject().Remove(key!.GetValue<string>());
                    }

                    break;
                default:
                    throw new InvalidOperationException($"unknown update {update["action"]}");
            }
        }

        metadata["metadata-log"]!.AsArray()
            .Add(new JsonObject { ["timestamp-ms"] = current["last-updated-ms"]!.GetValue<long>(), ["metadata-file"] = previousLocation });
        metadata["last-updated-ms"] = now;
        return Reparsed(metadata);
    }
}
