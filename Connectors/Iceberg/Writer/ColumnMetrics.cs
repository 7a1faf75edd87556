using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Writer;

/// <summary>
/// Per-column metrics of one data file: value, null and NaN counts and lower/upper bounds (full values, which are
/// valid bounds; NaN never becomes a bound, -0.0 sorts before +0.0).
/// </summary>
internal sealed class ColumnMetrics(NestedField field)
{
    private object? _min;
    private object? _max;

    public NestedField Field { get; } = field;
    public long ValueCount { get; private set; }
    public long NullCount { get; private set; }
    public long NanCount { get; private set; }

    public void Add(object? normalized)
    {
        ValueCount++;
        if (normalized is null) { NullCount++; return; }
        if (normalized is double d && double.IsNaN(d) || normalized is float f && float.IsNaN(f)) { NanCount++; return; }
        Track(normalized);
    }

    private void Track(object value)
    {
        if (_min is null || SingleValue.Compare(value, _min, Field.Type) < 0)
        {
            _min = value;
        }

        if (_max is null || SingleValue.Compare(value, _max, Field.Type) > 0)
        {
            _max = value;
        }
    }

    public bool IsFloating => Field.Type.Kind is TypeKind.Float or TypeKind.Double;

    public byte[]? LowerBound => _min is null ? null : SingleValue.ToBytes(_min, Field.Type);

    public byte[]? UpperBound => _max is null ? null : SingleValue.ToBytes(_max, Field.Type);
}
