using Avro;

namespace Kickstarter.Connectors.Kafka.SchemaRegistry;

/// <summary>
/// Avro schema resolution as the Avro specification defines it ("Schema Resolution"): can data written with the
/// writer's schema be read with the reader's? Records match by full name, fields by name (a reader field missing from
/// the writer needs a default), primitives by the specification's promotions, unions branch by branch, and a
/// decimal's precision and scale must agree. The compatibility levels are built on it: BACKWARD = the new schema
/// reads data of the latest (or, transitive, of every) registered one, FORWARD the other way, FULL both.
/// </summary>
public static class AvroCompatibility
{
    /// <summary>Why <paramref name="candidate"/> breaks <paramref name="level"/> against <paramref name="existing"/> (oldest first), or
    /// null.</summary>
    internal static string? Check(string level, Schema candidate, IReadOnlyList<Schema> existing)
    {
        if (level == "NONE" || existing.Count == 0)
        {
            return null;
        }

        var against = level.EndsWith("_TRANSITIVE", StringComparison.Ordinal) ? existing : [existing[^1]];
        foreach (var earlier in against)
        {
            var backward = level.StartsWith("BACKWARD", StringComparison.Ordinal) || level.StartsWith("FULL", StringComparison.Ordinal);
            var forward = level.StartsWith("FORWARD", StringComparison.Ordinal) || level.StartsWith("FULL", StringComparison.Ordinal);
            if (backward && Resolve(candidate, earlier, "") is { } cannotReadOld)
            {
                return $"the new schema cannot read data written with an earlier one: {cannotReadOld}";
            }

            if (forward && Resolve(earlier, candidate, "") is { } oldCannotRead)
            {
                return $"an earlier schema cannot read data written with the new one: {oldCannotRead}";
            }
        }

        return null;
    }

    /// <summary>Why data written with <paramref name="writer"/> cannot be read with <paramref name="reader"/>, or null.</summary>
    public static string? Resolve(Schema reader, Schema writer, string path)
    {
        if (reader is LogicalSchema readerLogical && writer is LogicalSchema writerLogical)
        {
            if (readerLogical.LogicalTypeName == "decimal" && writerLogical.LogicalTypeName == "decimal"
                && (readerLogical.GetProperty("precision") != writerLogical.GetProperty("precision")
                    || readerLogical.GetProperty("scale") != writerLogical.GetProperty("scale")))
            {
                return $"{Where(path)}: decimal precision or scale differ";
            }

            return Resolve(readerLogical.BaseSchema, writerLogical.BaseSchema, path);
        }

        reader = reader is LogicalSchema r ? r.BaseSchema : reader;
        writer = writer is LogicalSchema w ? w.BaseSchema : writer;
        if (writer is UnionSchema writerUnion)
        {
            // Every branch the writer may have used must be readable.
            return writerUnion.Schemas.Select(branch => Resolve(reader, branch, path)).FirstOrDefault(problem => problem is not null);
        }

        if (reader is UnionSchema readerUnion)
        {
            return readerUnion.Schemas.Any(branch => Resolve(branch, writer, path) is null)
                ? null
                : $"{Where(path)}: no branch of the reader's union reads the writer's {writer.Tag}";
        }

        return (reader, writer) switch
        {
            (RecordSchema readerRecord, RecordSchema writerRecord) => ResolveRecord(readerRecord, writerRecord, path),
            (EnumSchema readerEnum, EnumSchema writerEnum) => ResolveEnum(readerEnum, writerEnum, path),
            (ArraySchema readerArray, ArraySchema writerArray) => Resolve(readerArray.ItemSchema, writerArray.ItemSchema, path + "[]"),
            (MapSchema readerMap, MapSchema writerMap) => Resolve(readerMap.ValueSchema, writerMap.ValueSchema, path + "{}"),
            (FixedSchema readerFixed, FixedSchema writerFixed) =>
                readerFixed.Fullname == writerFixed.Fullname && readerFixed.Size == writerFixed.Size
                    ? null
                    : $"{Where(path)}: fixed {writerFixed.Fullname}({writerFixed.Size}) is not {readerFixed.Fullname}({readerFixed.Size})",
            _ when reader is PrimitiveSchema && writer is PrimitiveSchema => Promotes(writer.Tag, reader.Tag)
                ? null
                : $"{Where(path)}: a {Name(writer.Tag)} cannot be read as a {Name(reader.Tag)}",
            _ => $"{Where(path)}: a {Name(writer.Tag)} cannot be read as a {Name(reader.Tag)}",
        };
    }

    private static string? ResolveRecord(RecordSchema reader, RecordSchema writer, string path)
    {
        if (reader.Fullname != writer.Fullname)
        {
            return $"{Where(path)}: record {writer.Fullname} is not {reader.Fullname}";
        }

        foreach (var field in reader.Fields)
        {
            var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            if (writer.TryGetField(field.Name, out var written)
                || (field.Aliases?.Any(alias => writer.TryGetField(alias, out written)) ?? false))
            {
                if (Resolve(field.Schema, written!.Schema, fieldPath) is { } problem)
                {
                    return problem;
                }
            }
            else if (field.DefaultValue is null)
            {
                return $"field '{fieldPath}' is missing from the writer's schema and has no default";
            }
        }

        return null;
    }

    private static string? ResolveEnum(EnumSchema reader, EnumSchema writer, string path)
    {
        if (reader.Fullname != writer.Fullname)
        {
            return $"{Where(path)}: enum {writer.Fullname} is not {reader.Fullname}";
        }

        var missing = writer.Symbols.FirstOrDefault(symbol => !reader.Symbols.Contains(symbol));
        return missing is null || reader.Default is not null ? null : $"{Where(path)}: enum symbol '{missing}' is unknown to the reader";
    }

    // The specification's promotions: int to long, float, double; long to float, double; float to double; string and bytes both ways.
    private static bool Promotes(Schema.Type written, Schema.Type read) => written == read || (written, read) switch
    {
        (Schema.Type.Int, Schema.Type.Long or Schema.Type.Float or Schema.Type.Double) => true,
        (Schema.Type.Long, Schema.Type.Float or Schema.Type.Double) => true,
        (Schema.Type.Float, Schema.Type.Double) => true,
        (Schema.Type.String, Schema.Type.Bytes) or (Schema.Type.Bytes, Schema.Type.String) => true,
        _ => false,
    };

    private static string Where(string path) => path.Length == 0 ? "the top-level schema" : $"field '{path}'";

    private static string Name(Schema.Type type) => type.ToString().ToLowerInvariant();
}
