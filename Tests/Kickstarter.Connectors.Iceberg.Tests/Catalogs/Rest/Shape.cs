using System.Text.Json;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest;

/// <summary>
/// A small JSON-schema-like description language, written for these tests: enough of OpenAPI's object / array /
/// string / integer / enum / nullable / discriminator vocabulary to describe the REST catalog bodies we use.
/// <see cref="Check"/> collects every violation with its JSON path.
/// </summary>
public abstract class Shape
{
    public abstract void Check(JsonElement value, string path, List<string> errors);

    public List<string> Validate(JsonElement value)
    {
        var errors = new List<string>();
        Check(value, "$", errors);
        return errors;
    }

    public static Shape String { get; } = new StringShape(null);
    public static Shape Integer { get; } = new IntegerShape(long.MinValue, long.MaxValue);
    public static Shape Boolean { get; } = new KindShape(JsonValueKind.True, "a boolean");
    public static Shape Any { get; } = new AnyShape();

    public static Shape Enum(params string[] values) => new StringShape(values);
    public static Shape Const(string value) => new StringShape([value]);
    public static Shape Int(long min, long max) => new IntegerShape(min, max);
    public static Shape Array(Shape items, bool unique = false) => new ArrayShape(items, unique);
    public static Shape MapOf(Shape values) => new ObjectShape([], [], values, closed: false);
    public static Shape Nullable(Shape inner) => new NullableShape(inner);
    public static Shape Lazy(Func<Shape> inner) => new LazyShape(inner);
    public static Shape AnyOf(params Shape[] options) => new AnyOfShape(options);

    /// <summary>An object: required and optional properties; others allowed unless closed (additionalProperties: false).</summary>
    public static Shape Object(Dictionary<string, Shape> required, Dictionary<string, Shape>? optional = null, bool closed = false) =>
        new ObjectShape(required, optional ?? [], null, closed);

    /// <summary>oneOf by a discriminator property: the property's value picks the shape; unknown values are violations.</summary>
    public static Shape Discriminated(string property, Dictionary<string, Shape> mapping) => new DiscriminatedShape(property, mapping);

    private sealed class AnyShape : Shape
    {
        public override void Check(JsonElement value, string path, List<string> errors) { }
    }

    private sealed class KindShape(JsonValueKind kind, string name) : Shape
    {
        public override void Check(JsonElement value, string path, List<string> errors)
        {
            var ok = kind == JsonValueKind.True ? value.ValueKind is JsonValueKind.True or JsonValueKind.False : value.ValueKind == kind;
            if (!ok)
            {
                errors.Add($"{path} must be {name} (was {value.ValueKind})");
            }
        }
    }

    private sealed class StringShape(string[]? values) : Shape
    {
        public override void Check(JsonElement value, string path, List<string> errors)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{path} must be a string (was {value.ValueKind})");
            }
            else if (values is not null && !values.Contains(value.GetString()))
            {
                errors.Add($"{path} must be one of [{string.Join(", ", values)}] (was '{value.GetString()}')");
            }
        }
    }

    private sealed class IntegerShape(long min, long max) : Shape
    {
        public override void Check(JsonElement value, string path, List<string> errors)
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var n))
            {
                errors.Add($"{path} must be an integer (was {value.ValueKind} {value.GetRawText()})");
            }
            else if (n < min || n > max)
            {
                errors.Add($"{path} must be between {min} and {max} (was {n})");
            }
        }
    }

    private sealed class ArrayShape(Shape items, bool unique) : Shape
    {
        public override void Check(JsonElement value, string path, List<string> errors)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{path} must be an array (was {value.ValueKind})");
                return;
            }

            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                items.Check(item, $"{path}[{i++}]", errors);
            }

            if (unique && value.EnumerateArray().Select(e => e.GetRawText()).Distinct().Count() != value.GetArrayLength())
            {
                errors.Add($"{path} must hold unique items");
            }
        }
    }

    private sealed class ObjectShape(Dictionary<string, Shape> required, Dictionary<string, Shape> optional, Shape? additional, bool closed) : Shape
    {
        public override void Check(JsonElement value, string path, List<string> errors)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{path} must be an object (was {value.ValueKind})");
                return;
            }

            foreach (var (name, shape) in required)
            {
                if (value.TryGetProperty(name, out var property))
                {
                    shape.Check(property, $"{path}.{name}", errors);
                }
                else
                {
                    errors.Add($"{path}.{name} is required");
                }
            }

            foreach (var property in value.EnumerateObject())
            {
                if (required.ContainsKey(property.Name))
                {
                    continue;
                }

                if (optional.TryGetValue(property.Name, out var shape))
                {
                    shape.Check(property.Value, $"{path}.{property.Name}", errors);
                }
                else if (additional is not null)
                {
                    additional.Check(property.Value, $"{path}.{property.Name}", errors);
                }
                else if (closed)
                {
                    errors.Add($"{path}.{property.Name} is not allowed (additionalProperties: false)");
                }
            }
        }
    }

    private sealed class NullableShape(Shape inner) : Shape
    {
        public override void Check(JsonElement value, string path, List<string> errors)
        {
            if (value.ValueKind != JsonValueKind.Null)
            {
                inner.Check(value, path, errors);
            }
        }
    }

    private sealed class LazyShape(Func<Shape> inner) : Shape
    {
        public override void Check(JsonElement value, string path, List<string> errors) => inner().Check(value, path, errors);
    }

    private sealed class AnyOfShape(Shape[] options) : Shape
    {
        public override void Check(JsonElement value, string path, List<string> errors)
        {
            var all = new List<string>();
            foreach (var option in options)
            {
                var mine = new List<string>();
                option.Check(value, path, mine);
                if (mine.Count == 0)
                {
                    return;
                }

                all.AddRange(mine);
            }

            errors.Add($"{path} matches none of the allowed shapes: {string.Join("; ", all)}");
        }
    }

    private sealed class DiscriminatedShape(string property, Dictionary<string, Shape> mapping) : Shape
    {
        public override void Check(JsonElement value, string path, List<string> errors)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(property, out var tag) || tag.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{path}.{property} is required and must be a string");
                return;
            }

            if (mapping.TryGetValue(tag.GetString()!, out var shape))
            {
                shape.Check(value, path, errors);
            }
            else
            {
                errors.Add($"{path}.{property} '{tag.GetString()}' is not one this server knows (the specification requires a 400 for unknown ones)");
            }
        }
    }
}
