using System.Text.Json.Nodes;
using Kickstarter.Connectors.Iceberg.Json;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Catalog.Rest;

/// <summary>
/// Turns "base metadata -> updated metadata" (what the commit loop produces) into a CommitTableRequest: requirements
/// that must hold on the server (TableRequirement: assert-table-uuid always, assert-ref-snapshot-id for each moved
/// ref, assert-last-assigned-field-id and assert-current-schema-id for schema changes) and updates (TableUpdate:
/// add-snapshot, set-snapshot-ref, remove-snapshots, add-schema, set-current-schema, set-properties,
/// remove-properties). A stale base therefore fails a requirement (409) instead of overwriting someone's commit.
/// </summary>
internal static class RestTableChanges
{
    public static (JsonObject Request, IReadOnlyList<long> AddedSnapshots) Build(TableMetadata @base, TableMetadata updated)
    {
        if (@base.TableUuid != updated.TableUuid)
        {
            throw new InvalidOperationException("a commit cannot change the table uuid");
        }

        if (@base.Location != updated.Location)
        {
            throw new NotSupportedException("changing a table's location is not supported by this client");
        }

        if (!SameIds(@base.PartitionSpecs.Select(s => s.SpecId), updated.PartitionSpecs.Select(s => s.SpecId))
            || @base.DefaultSpecId != updated.DefaultSpecId
            || !SameIds(@base.SortOrders.Select(s => s.OrderId), updated.SortOrders.Select(s => s.OrderId))
                || @base.DefaultSortOrderId != updated.DefaultSortOrderId)
        {
            throw new NotSupportedException("partition spec and sort order changes are not supported by this client");
        }

        var updatedJson = JsonNode.Parse(TableMetadataJson.Serialize(updated))!.AsObject();
        var requirements = new JsonArray { new JsonObject { ["type"] = "assert-table-uuid", ["uuid"] = @base.TableUuid.ToString("D") } };
        var updates = new JsonArray();

        // Schemas first: a snapshot may refer to a new schema id.
        var baseSchemaIds = @base.Schemas.Select(s => s.SchemaId).ToHashSet();
        var addedSchemas = updated.Schemas.Where(s => !baseSchemaIds.Contains(s.SchemaId)).ToList();
        if (addedSchemas.Count > 0)
        {
            requirements.Add(
                new JsonObject { ["type"] = "assert-last-assigned-field-id", ["last-assigned-field-id"] = @base.LastColumnId });
        }

        foreach (var schema in addedSchemas)
        {
            updates.Add(
                new JsonObject { ["action"] = "add-schema", ["schema"] = Find(updatedJson, "schemas", "schema-id", schema.SchemaId) });
        }

        if (@base.CurrentSchemaId != updated.CurrentSchemaId)
        {
            requirements.Add(new JsonObject { ["type"] = "assert-current-schema-id", ["current-schema-id"] = @base.CurrentSchemaId });
            // -1 means "the schema added last" (SetCurrentSchemaUpdate): the server may renumber what we add.
            var id = addedSchemas.Count > 0 && addedSchemas[^1].SchemaId == updated.CurrentSchemaId ? -1 : updated.CurrentSchemaId;
            updates.Add(new JsonObject { ["action"] = "set-current-schema", ["schema-id"] = id });
        }

        var baseSnapshotIds = @base.Snapshots.Select(s => s.SnapshotId).ToHashSet();
        var added = updated.Snapshots.Where(s => !baseSnapshotIds.Contains(s.SnapshotId)).Select(s => s.SnapshotId).ToList();
        foreach (var id in added)
        {
            updates.Add(new JsonObject { ["action"] = "add-snapshot", ["snapshot"] = Find(updatedJson, "snapshots", "snapshot-id", id) });
        }

        foreach (var (name, reference) in updated.Refs.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var before = @base.Refs.GetValueOrDefault(name);
            if (before == reference)
            {
                continue;
            }

            requirements.Add(new JsonObject { ["type"] = "assert-ref-snapshot-id", ["ref"] = name,
                ["snapshot-id"] = before is null ? null : JsonValue.Create(before.SnapshotId) });
            var set = new JsonObject { ["action"] = "set-snapshot-ref", ["ref-name"] = name, ["type"] = reference.Type,
                ["snapshot-id"] = reference.SnapshotId };
            if (reference.MinSnapshotsToKeep is { } min)
            {
                set["min-snapshots-to-keep"] = min;
            }

            if (reference.MaxSnapshotAgeMs is { } age)
            {
                set["max-snapshot-age-ms"] = age;
            }

            if (reference.MaxRefAgeMs is { } refAge)
            {
                set["max-ref-age-ms"] = refAge;
            }

            updates.Add(set);
        }

        var updatedSnapshotIds = updated.Snapshots.Select(s => s.SnapshotId).ToHashSet();
        var removed = @base.Snapshots.Where(s => !updatedSnapshotIds.Contains(s.SnapshotId))
            .Select(s => (JsonNode?)JsonValue.Create(s.SnapshotId)).ToArray();
        if (removed.Length > 0)
        {
            updates.Add(new JsonObject { ["action"] = "remove-snapshots", ["snapshot-ids"] = new JsonArray(removed) });
        }

        var changedProperties = updated.Properties.Where(p => !@base.Properties.TryGetValue(p.Key, out var current) || current != p.Value)
            .OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        if (changedProperties.Count > 0)
        {
            var map = new JsonObject();
            foreach (var (key, value) in changedProperties)
            {
                map[key] = value;
            }

            updates.Add(new JsonObject { ["action"] = "set-properties", ["updates"] = map });
        }

        var gone = @base.Properties.Keys.Where(k => !updated.Properties.ContainsKey(k)).Order(StringComparer.Ordinal)
            .Select(k => (JsonNode?)JsonValue.Create(k)).ToArray();
        if (gone.Length > 0)
        {
            updates.Add(new JsonObject { ["action"] = "remove-properties", ["removals"] = new JsonArray(gone) });
        }

        return (new JsonObject { ["requirements"] = requirements, ["updates"] = updates }, added);
    }

    private static bool SameIds(IEnumerable<int> a, IEnumerable<int> b) => a.Order().SequenceEqual(b.Order());

    private static JsonNode Find(JsonObject metadata, string array, string idField, long id) =>
        metadata[array]!.AsArray().First(n => n![idField]!.GetValue<long>() == id)!.DeepClone();
}
