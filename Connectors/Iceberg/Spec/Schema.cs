namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>A table schema: a list of fields identified by id, with a schema id unique in the table metadata.</summary>
public sealed class Schema
{
    /// <summary>Creates a schema.</summary>
    public Schema(int schemaId, IReadOnlyList<NestedField> fields, IReadOnlyList<int>? identifierFieldIds = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Select(f => f.Id).Distinct().Count() != fields.Count)
        {
            throw new ArgumentException("schema field ids must be unique", nameof(fields));
        }

        if (fields.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != fields.Count)
        {
            throw new ArgumentException("schema field names must be unique", nameof(fields));
        }

        SchemaId = schemaId;
        Fields = fields;
        IdentifierFieldIds = identifierFieldIds ?? [];
    }

    /// <summary>Creates schema 0 from fields (ids as given).</summary>
    public Schema(params NestedField[] fields) : this(0, fields) { }

    /// <summary>Id of this schema in the table's schemas list.</summary>
    public int SchemaId { get; }

    /// <summary>Top-level fields in order; rows passed to writers follow this order.</summary>
    public IReadOnlyList<NestedField> Fields { get; }

    /// <summary>Field ids that identify a row (may be empty).</summary>
    public IReadOnlyList<int> IdentifierFieldIds { get; }

    /// <summary>The highest field id in this schema, 0 when empty.</summary>
    public int HighestFieldId => Fields.Count == 0 ? 0 : Fields.Max(f => f.Id);

    /// <summary>The field with the id, or null.</summary>
    public NestedField? FindField(int id) => Fields.FirstOrDefault(f => f.Id == id);

    /// <summary>The field with the name, or null.</summary>
    public NestedField? FindField(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>Position of the field id in <see cref="Fields"/>, or -1.</summary>
    public int IndexOf(int id)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The same fields under another schema id.</summary>
    public Schema WithSchemaId(int schemaId) => new(schemaId, Fields, IdentifierFieldIds);

    /// <summary>True when both schemas have the same fields (ignores the schema id).</summary>
    public bool SameFieldsAs(Schema other) =>
        Fields.SequenceEqual(other.Fields) && IdentifierFieldIds.SequenceEqual(other.IdentifierFieldIds);
}
