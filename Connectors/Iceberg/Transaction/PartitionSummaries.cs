using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Transaction;

/// <summary>Partition field summaries of a manifest: contains_null, contains_nan and the bounds of the non-null values.</summary>
internal static class PartitionSummaries
{
    public static IReadOnlyList<PartitionFieldSummary> Summarize(
        IReadOnlyList<NestedField> partitionType, IEnumerable<IReadOnlyList<object?>> partitions)
    {
        var tuples = partitions.ToList();
        var result = new List<PartitionFieldSummary>();
        for (var i = 0; i < partitionType.Count; i++)
        {
            var type = partitionType[i].Type;
            var values = tuples.Select(t => t[i]).ToList();
            var containsNull = values.Any(v => v is null);
            bool? containsNan = type.Kind is TypeKind.Float or TypeKind.Double
                ? values.Any(v => v is double d && double.IsNaN(d) || v is float f && float.IsNaN(f)) : null;
            var present = values.Where(v => v is not null && !(v is double d && double.IsNaN(d)) && !(v is float f && float.IsNaN(f)))
                .Select(v => Literals.Normalize(v!, type)).ToList();
            object? min = null, max = null;
            foreach (var value in present)
            {
                if (min is null || SingleValue.Compare(value, min, type) < 0)
                {
                    min = value;
                }

                if (max is null || SingleValue.Compare(value, max, type) > 0)
                {
                    max = value;
                }
            }
            result.Add(new PartitionFieldSummary(containsNull, containsNan, min is null ? null : SingleValue.ToBytes(min, type),
                max is null ? null : SingleValue.ToBytes(max, type)));
        }
        return result;
    }
}
