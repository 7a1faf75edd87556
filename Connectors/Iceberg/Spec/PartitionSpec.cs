using System.Text;

namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>A partition spec: how to derive a tuple of partition values from a row. Spec id 0 is the initial spec.</summary>
public sealed class PartitionSpec
{
    /// <summary>The first partition field id the reference implementation assigns.</summary>
    internal const int FirstFieldId = 1000;

    /// <summary>Creates a spec.</summary>
    internal PartitionSpec(int specId, IReadOnlyList<PartitionField> fields)
    {
        if (fields.Select(f => f.FieldId).Distinct().Count() != fields.Count)
        {
            throw new ArgumentException("partition field ids must be unique", nameof(fields));
        }

        SpecId = specId;
        Fields = fields;
    }

    /// <summary>The unpartitioned spec (id 0, no fields).</summary>
    public static PartitionSpec Unpartitioned { get; } = new(0, []);

    /// <summary>Id of this spec in the table's partition-specs.</summary>
    public int SpecId { get; }

    /// <summary>Partition fields in tuple order.</summary>
    internal IReadOnlyList<PartitionField> Fields { get; }

    /// <summary>True when the spec has no fields.</summary>
    public bool IsUnpartitioned => Fields.Count == 0;

    /// <summary>Highest partition field id, or 999 when there is none (so the next id is 1000).</summary>
    internal int LastAssignedFieldId => Fields.Count == 0 ? FirstFieldId - 1 : Fields.Max(f => f.FieldId);

    /// <summary>Starts a builder for a spec over a schema; field ids are assigned from 1000.</summary>
    public static Builder BuilderFor(Schema schema) => new(schema);

    /// <summary>The partition tuple's fields: (field id, name, result type).</summary>
    internal IReadOnlyList<NestedField> PartitionType(Schema schema) =>
        Fields.Select(f => new NestedField(f.FieldId, f.Name, false, f.Transform.ResultType(SourceType(schema, f)))).ToList();

    /// <summary>Computes the partition tuple of a row given in schema field order.</summary>
    internal object?[] Partition(Schema schema, IReadOnlyList<object?> row)
    {
        var tuple = new object?[Fields.Count];
        for (var i = 0; i < Fields.Count; i++)
        {
            var field = Fields[i];
            var index = schema.IndexOf(field.SourceId);
            tuple[i] = field.Transform.Apply(row[index], schema.Fields[index].Type);
        }
        return tuple;
    }

    /// <summary>The Hive-style partition path "name=value/..." with URL-escaped human-readable values.</summary>
    internal string PartitionPath(Schema schema, IReadOnlyList<object?> tuple)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Fields.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('/');
            }

            var field = Fields[i];
            var human = field.Transform.ToHumanString(tuple[i], field.Transform.ResultType(SourceType(schema, field)));
            sb.Append(Uri.EscapeDataString(field.Name)).Append('=').Append(Uri.EscapeDataString(human));
        }
        return sb.ToString();
    }

    /// <summary>Two specs are compatible when fields have the same source ids, transforms and names.</summary>
    internal bool CompatibleWith(PartitionSpec other) =>
        Fields.Count == other.Fields.Count && Fields.Zip(other.Fields)
            .All(p => p.First.SourceId == p.Second.SourceId && p.First.Transform == p.Second.Transform && p.First.Name == p.Second.Name);

    /// <summary>The same fields under another spec id.</summary>
    internal PartitionSpec WithSpecId(int specId) => new(specId, Fields);

    private static IcebergType SourceType(Schema schema, PartitionField field) =>
        (schema.FindField(field.SourceId)
            ?? throw new ArgumentException($"partition source column {field.SourceId} is not in schema {schema.SchemaId}")).Type;

    /// <summary>Builds a spec from column names; checks each transform fits its source type.</summary>
    public sealed class Builder
    {
        private readonly Schema _schema;
        private readonly List<PartitionField> _fields = [];
        private int _specId;
        private int _nextFieldId = FirstFieldId;

        internal Builder(Schema schema) => _schema = schema;

        /// <summary>Sets the spec id (default 0).</summary>
        public Builder WithSpecId(int specId) { _specId = specId; return this; }

        public Builder Identity(string column) => Add(column, Transform.Identity, column);
        public Builder Bucket(string column, int n) => Add(column, Transform.Bucket(n), $"{column}_bucket");
        public Builder Truncate(string column, int width) => Add(column, Transform.Truncate(width), $"{column}_trunc");
        public Builder Year(string column) => Add(column, Transform.Year, $"{column}_year");
        public Builder Month(string column) => Add(column, Transform.Month, $"{column}_month");
        public Builder Day(string column) => Add(column, Transform.Day, $"{column}_day");
        public Builder Hour(string column) => Add(column, Transform.Hour, $"{column}_hour");
        public Builder Void(string column) => Add(column, Transform.Void, $"{column}_null");

        /// <summary>Adds a field with an explicit transform and partition name.</summary>
        internal Builder Add(string column, Transform transform, string name)
        {
            var source = _schema.FindField(column)
                ?? throw new ArgumentException($"column '{column}' is not in the schema", nameof(column));
            transform.ResultType(source.Type);
            if (_fields.Any(f => f.Name == name))
            {
                throw new ArgumentException($"partition name '{name}' is used twice", nameof(name));
            }

            _fields.Add(new PartitionField(source.Id, _nextFieldId++, name, transform));
            return this;
        }

        /// <summary>The spec.</summary>
        public PartitionSpec Build() => new(_specId, _fields.ToList());
    }
}
