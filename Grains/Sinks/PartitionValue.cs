using System.Globalization;

namespace Kickstarter.Grains.Sinks;

/// <summary>A partition value with its CLR type, so it comes back as the same type (int for a bucket, string for truncate).</summary>
internal sealed class PartitionValue
{
    public string Type { get; set; } = "null";
    public string? Value { get; set; }

    public static PartitionValue From(object? value) => value switch
    {
        null => new PartitionValue(),
        string text => new PartitionValue { Type = "string", Value = text },
        int number => new PartitionValue { Type = "int", Value = number.ToString(CultureInfo.InvariantCulture) },
        long number => new PartitionValue { Type = "long", Value = number.ToString(CultureInfo.InvariantCulture) },
        _ => throw new NotSupportedException($"Partition values of type {value.GetType().Name} are not staged."),
    };

    public object? ToValue() => Type switch
    {
        "null" => null,
        "string" => Value,
        "int" => int.Parse(Value!, CultureInfo.InvariantCulture),
        "long" => long.Parse(Value!, CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"Unknown staged partition value type '{Type}'."),
    };
}
