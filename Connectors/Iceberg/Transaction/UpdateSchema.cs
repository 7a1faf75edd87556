using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Transaction;

/// <summary>
/// Adds optional columns: each gets the next unused column id (last-column-id + 1), the result becomes a new
/// current schema. Fails when the schema changed since this update was started (spec: schema updates validate the
/// base schema is unchanged); other concurrent commits are retried.
/// </summary>
internal sealed class UpdateSchema
{
    private readonly Table _table;
    private readonly int _baseSchemaId;
    private readonly List<(string Name, IcebergType Type, string? Doc)> _additions = [];

    internal UpdateSchema(Table table, TableMetadata @base)
    {
        _table = table;
        _baseSchemaId = @base.CurrentSchemaId;
    }

    /// <summary>Adds an optional top-level column (existing files read it as null).</summary>
    public UpdateSchema AddColumn(string name, IcebergType type, string? doc = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("column name is required", nameof(name));
        }

        _additions.Add((name, type, doc));
        return this;
    }

    /// <summary>Commits the new schema and returns it.</summary>
    public async Task<Schema> CommitAsync(CancellationToken ct = default)
    {
        var committed = await CommitRetry.RunAsync(_table, (@base, _) =>
        {
            if (@base.CurrentSchemaId != _baseSchemaId)
            {
                throw new ValidationException($"schema of {_table.Identifier} changed from {_baseSchemaId} to {@base.CurrentSchemaId} " +
                    "since this update started");
            }

            var current = @base.CurrentSchema;
            var fields = current.Fields.ToList();
            var nextId = @base.LastColumnId;
            foreach (var (name, type, doc) in _additions)
            {
                if (fields.Any(f => f.Name == name))
                {
                    throw new ValidationException($"column '{name}' exists already in {_table.Identifier}");
                }

                fields.Add(NestedField.OptionalField(++nextId, name, type, doc));
            }
            var now = _table.Environment.Clock().ToUnixTimeMilliseconds();
            return Task.FromResult<TableMetadata?>(TableMetadataBuilder.From(@base)
                .SetCurrentSchema(new Schema(current.SchemaId, fields, current.IdentifierFieldIds)).Build(now));
        }, null, ct).ConfigureAwait(false);
        return committed.CurrentSchema;
    }
}
