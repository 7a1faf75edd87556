using System.Globalization;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Transaction;

/// <summary>Builds a snapshot summary: operation, the added/removed/total counters of the spec's Appendix F, extra properties.</summary>
internal static class SnapshotSummary
{
    public static Dictionary<string, string> Build(string operation, Snapshot? parent, Schema schema, IReadOnlyList<DataFile> added,
        IReadOnlyList<DataFile> removed, IReadOnlyDictionary<string, string> extra, TableMetadata metadata)
    {
        long Total(string key) => parent is not null && parent.Summary.TryGetValue(key, out var v)
            && long.TryParse(v, CultureInfo.InvariantCulture, out var l) ? l : 0;
        var s = new Dictionary<string, string>(StringComparer.Ordinal) { ["operation"] = operation };
        void Set(string key, long value) => s[key] = value.ToString(CultureInfo.InvariantCulture);
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
        foreach (var p in extra)
        {
            if (p.Key == "operation")
            {
                throw new ArgumentException("'operation' is set by the commit, not by callers");
            }

            s[p.Key] = p.Value;
        }
        return s;
    }

    public static string PartitionKey(DataFile f, Schema schema, TableMetadata metadata)
    {
        var spec = metadata.SpecById(f.SpecId);
        return $"{f.SpecId}/{spec.PartitionPath(schema, f.Partition)}";
    }
}
