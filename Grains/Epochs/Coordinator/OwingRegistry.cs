using System.Collections.Concurrent;
using Orleans.Storage;

namespace Kickstarter.Grains.Epochs.Coordinator;

/// <summary>
/// The grains of one job that owed outputs or window firings at the last prepared epoch: the committer wakes them
/// after a failure, so a grain whose silo died gets its windows fired and its rows handed again. Kept outside the
/// committer's own item, bounded by design: sharded by the grains' uniform hash into <see cref="Shards"/> shards, each
/// shard's sorted list split into pages of at most <see cref="PageSize"/> grains, each page one storage item (about
/// 50 bytes a grain: a page stays near 100 KB, well under DynamoDB's 400 KB). More flyers mean more pages, never a
/// larger item.
/// </summary>
/// <remarks>
/// Each shard has two slots. A new version of a shard is written into the slot not in use, and becomes current only
/// when the committer's prepare write records it (<see cref="OwingShard"/>), in the same write that records the epoch:
/// a crash or a failed write between the two leaves the previous version whole and still named by the stored state.
/// Only shards whose list changed are written. Page writes are ETag-checked like any grain state; an ETag this
/// activation does not know (first write, or after a failed write) is read first.
/// </remarks>
internal sealed class OwingRegistry(IGrainStorage storage, string job)
{
    /// <summary>Number of shards: bounds the committer's pointer list, not the registry.</summary>
    public const int Shards = 64;

    /// <summary>Most grains in one page (one storage item).</summary>
    public const int PageSize = 2000;

    /// <summary>The state name of the pages in the pipeline's grain storage.</summary>
    public const string StateName = "owing";

    /// <summary>The grain type of the pages' storage keys (no grain of that type is ever activated).</summary>
    public const string PageGrainType = "kickstarter-owing";

    private readonly Dictionary<int, string[]> _current = [];
    private readonly ConcurrentDictionary<GrainId, string?> _eTags = new(); // pages are read and written in parallel
    private Dictionary<int, string[]>? _staged;
    private bool _known;

    /// <summary>The storage key of one page.</summary>
    public static GrainId PageId(string job, int shard, int slot, int page) =>
        GrainId.Create(PageGrainType, $"{job}/{shard}/{slot}/{page}");

    /// <summary>The shard of a grain: stable across processes and restarts.</summary>
    public static int ShardOf(GrainId grain) => (int)(grain.GetUniformHashCode() % Shards);

    /// <summary>Reads the version <paramref name="index"/> names; it becomes this registry's current version.</summary>
    public async Task<List<string>> ReadAsync(IReadOnlyList<OwingShard> index)
    {
        _current.Clear();
        _staged = null;
        var shards = await Task.WhenAll(index.Select(async pointer =>
        {
            var pages = await Task.WhenAll(Enumerable.Range(0, pointer.Pages)
                .Select(page => ReadPageAsync(PageId(job, pointer.Shard, pointer.Slot, page))));
            return (pointer.Shard, Grains: pages.SelectMany(page => page.Grains).ToArray());
        }));
        foreach (var (shard, grains) in shards)
        {
            _current[shard] = grains;
        }

        _known = true;
        return [.. shards.SelectMany(shard => shard.Grains)];
    }

    /// <summary>
    /// Writes the shards whose list differs from the current version into their free slot and returns the index
    /// naming the new version. It is not current until <see cref="Commit"/>: until the committer's state records it.
    /// </summary>
    public async Task<List<OwingShard>> StageAsync(IEnumerable<GrainId> owing, IReadOnlyList<OwingShard> index)
    {
        var wanted = owing.Distinct()
            .GroupBy(ShardOf)
            .ToDictionary(shard => shard.Key, shard => shard.Select(grain => grain.ToString()).Order(StringComparer.Ordinal).ToArray());
        var pointers = index.ToDictionary(pointer => pointer.Shard);
        var next = new List<OwingShard>();
        var staged = new Dictionary<int, string[]>();
        var writes = new List<Task>();
        for (var shard = 0; shard < Shards; shard++)
        {
            var grains = wanted.GetValueOrDefault(shard, []);
            pointers.TryGetValue(shard, out var pointer);
            if (_known && grains.SequenceEqual(_current.GetValueOrDefault(shard, []), StringComparer.Ordinal))
            {
                if (pointer is not null)
                {
                    next.Add(pointer);
                }

                continue;
            }

            staged[shard] = grains;
            if (grains.Length == 0)
            {
                continue; // an emptied shard needs no pages: its pointer goes
            }

            var slot = pointer is null ? 0 : 1 - pointer.Slot;
            var pages = grains.Chunk(PageSize).ToList();
            for (var page = 0; page < pages.Count; page++)
            {
                writes.Add(WritePageAsync(PageId(job, shard, slot, page), [.. pages[page]]));
            }

            next.Add(new OwingShard(shard, slot, pages.Count));
        }

        await Task.WhenAll(writes);
        _staged = staged;
        return next;
    }

    /// <summary>The committer's state now names the staged version: it is the current one.</summary>
    public void Commit()
    {
        foreach (var (shard, grains) in _staged ?? [])
        {
            _current[shard] = grains;
        }

        _staged = null;
    }

    /// <summary>The staged version was not recorded; the current one stays. Its slots are written again next time.</summary>
    public void Discard() => _staged = null;

    private async Task<OwingPage> ReadPageAsync(GrainId id)
    {
        var state = new GrainState<OwingPage>(new OwingPage());
        await storage.ReadStateAsync(StateName, id, state);
        _eTags[id] = state.ETag;
        return state.State ?? new OwingPage();
    }

    private async Task WritePageAsync(GrainId id, List<string> grains)
    {
        if (!_eTags.TryGetValue(id, out var eTag))
        {
            await ReadPageAsync(id); // never read or written by this activation, or its last write failed
            eTag = _eTags[id];
        }

        var state = new GrainState<OwingPage>(new OwingPage { Grains = grains }) { ETag = eTag };
        try
        {
            await storage.WriteStateAsync(StateName, id, state);
        }
        catch
        {
            _eTags.TryRemove(id, out _); // the write may have landed: read the ETag back before the next one
            throw;
        }

        _eTags[id] = state.ETag;
    }
}
