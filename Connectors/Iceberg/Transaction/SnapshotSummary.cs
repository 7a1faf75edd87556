using System.Globalization;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Transaction;

/// <summary>Builds a snapshot summary: operation, the added/removed/total counters of the spec's Appendix F, extra properties.</summary>
internal static class SnapshotSummary
{
    public static Dictionary<string, string> Build(string operation, Snapshot? parent, Schema schema, IReadOnlyList<DataFile> added,
        IReadOnlyList<DataFile> removed, IReadOnlyDictionary<string, string> extra, TableMetadata metadata)
    {
        long Total(string key) => parent is not null && parent.Summary.TryGetValue(key, out var text)
            && long.TryParse(text, CultureInfo.InvariantCulture, out var total) ? total : 0;
        var summary = new Dictionary<string, string>(StringComparer.Ordinal) { ["operation"] = operation };
        void Set(string key, long value) => summary[key] = value.ToString(CultureInfo.InvariantCulture);
        if (added.Count > 0)
        {
            Set("added-data-files", added.Count);
            Set("added-records", added.Sum(f => f.RecordCount));
            Set("added-files-size", added.Sum(f => f.FileSizeInBytes));
        }
        if (removed.Count > 0)
        {
            Set("deleted-data-files", removed.Count);
            Set("deleted-records", removed.Sum(f => f.RecordCount));
            Set("removed-files-size", removed.Sum(f => f.FileSizeInBytes));
        }
        Set("changed-partition-count", added.Concat(removed).Select(f => PartitionKey(f, schema, metadata)).Distinct().Count());
        Set("total-data-files", Total("total-data-files") + added.Count - removed.Count);
        Set("total-records", Total("total-records") + added.Sum(f => f.RecordCount) - removed.Sum(f => f.RecordCount));
        Set("total-files-size", Total("total-files-size") + added.Sum(f => f.FileSizeInBytes) - removed.Sum(f => f.FileSizeInBytes));
        Set("total-delete-files", Total("total-delete-files"));
        Set("total-position-deletes", Total("total-position-deletes"));
        Set("total-equality-deletes", Total("total-equality-deletes"));
        foreach (var property in extra)
        {
            if (property.Key == "operation")
            {
                throw new ArgumentException("'operation' is set by the commit, not by callers");
            }

            summary[property.Key] = property.Value;
        }
        return summary;
    }

    public static string PartitionKey(DataFile file, Schema schema, TableMetadata metadata)
    {
        var spec = metadata.SpecById(file.SpecId);
        return $"{file.SpecId}/{spec.PartitionPath(schema, file.Partition)}";
    }
}
