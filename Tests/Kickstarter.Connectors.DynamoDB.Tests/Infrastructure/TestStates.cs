namespace Kickstarter.Connectors.DynamoDB.Tests.Infrastructure;

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)] public int Count { get; set; }
    [Id(1)] public string Note { get; set; } = "";
    [Id(2)] public byte[] Blob { get; set; } = [];
}

/// <summary>An <see cref="Orleans.IGrainState{T}"/> whose State is never null, as a grain's would be.</summary>
public sealed class StoredState<T> : Orleans.IGrainState<T> where T : class, new()
{
    public StoredState() { }

    public StoredState(T state) => State = state;

    private T _state = new();

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public T State { get => _state; set => _state = value ?? new T(); }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
