namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>A struct field of a schema: a unique field id, a name, required or optional, a type and an optional doc.</summary>
/// <param name="Id">Field id, unique within the table across all schemas.</param>
/// <param name="Name">Column name.</param>
/// <param name="Required">True when the value may never be null.</param>
/// <param name="Type">Primitive Iceberg type.</param>
/// <param name="Doc">Optional documentation string.</param>
public sealed record NestedField(int Id, string Name, bool Required, IcebergType Type, string? Doc = null)
{
    /// <summary>A required field.</summary>
    public static NestedField RequiredField(int id, string name, IcebergType type, string? doc = null) => new(id, name, true, type, doc);

    /// <summary>An optional field.</summary>
    public static NestedField OptionalField(int id, string name, IcebergType type, string? doc = null) => new(id, name, false, type, doc);
}
