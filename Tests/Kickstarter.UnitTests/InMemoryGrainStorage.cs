using System.Collections.Concurrent;
using System.Text.Json;
using Orleans.Storage;

namespace Kickstarter.UnitTests;

/// <summary>
/// An ETag-checked grain storage in memory, as Orleans' providers behave (a write must carry the stored ETag, or none
/// for a new item): counts writes and measures each stored item as JSON, to check what the registry writes.
/// </summary>
internal sealed class InMemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<(string State, GrainId Grain), (string ETag, string Json)> _items = new();
    private int _writes;

    public int Writes => _writes;

    public int Items => _items.Count;

    public int LargestItemBytes => _items.Values.Select(item => item.Json.Length).DefaultIfEmpty(0).Max();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_items.TryGetValue((stateName, grainId), out var item))
        {
            grainState.State = JsonSerializer.Deserialize<T>(item.Json)!;
            grainState.ETag = item.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        var eTag = Guid.NewGuid().ToString("N");
        var json = JsonSerializer.Serialize(grainState.State);
        var stored = _items.TryGetValue(key, out var item) ? item.ETag : null;
        if (stored != grainState.ETag || !_items.TryUpdate(key, (eTag, json), item) && !_items.TryAdd(key, (eTag, json)))
        {
            throw new InconsistentStateException($"ETag conflict on {grainId}", stored ?? "none", grainState.ETag ?? "none");
        }

        Interlocked.Increment(ref _writes);
        grainState.ETag = eTag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _items.TryRemove((stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
