using System.Collections.Concurrent;
using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Diagnostics;
using Kickstarter.Grains.Epochs.Participant;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Epochs;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Kickstarter.Grains.Epochs.Silo;

/// <summary>The epoch service of one silo: see <see cref="IEpochSiloService"/>.</summary>
[Reentrant]
internal sealed partial class EpochSiloService(
    GrainId grainId,
    Orleans.Runtime.Silo silo,
    ILoggerFactory loggerFactory,
    IServiceProvider services,
    EpochParticipants participants,
    IGrainFactory grainFactory)
    : GrainService(grainId, silo, loggerFactory), IEpochSiloService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<EpochSiloService>();
    private readonly ConcurrentDictionary<string, long> _pausedSince = new(StringComparer.Ordinal);
    private volatile bool _stopping;

    public async Task<List<PartitionCheckpoint>> PauseAsync(string job)
    {
        if (Control(job) is not { } control)
        {
            return [];
        }

        _pausedSince[job] = System.Diagnostics.Stopwatch.GetTimestamp();
        return [.. await control.PauseAndDrainAsync(CancellationToken.None)];
    }

    public async Task<SiloSnapshot> SnapshotAsync(string job, SnapshotRequest request)
    {
        using var activity = PipelineTracing.StartSnapshot(job, JobCatalog.Get(job).StreamProvider, request.Epoch);
        var grains = participants.Snapshot(job);
        var results = await Task.WhenAll(grains.Select(async id =>
            (Id: id, Result: await grainFactory.GetGrain<IJobGrain>(id).SnapshotAsync(request))));
        var outputs = new EpochOutputs();
        var owing = new List<GrainId>();
        foreach (var (id, result) in results)
        {
            outputs.Add(result.Outputs);
            if (result.StillOwes)
            {
                owing.Add(id);
            }
        }

        LogSnapshot(job, request.Epoch, grains.Count, outputs.Count);
        return new SiloSnapshot(outputs, owing);
    }

    public Task ResumeAsync(string job)
    {
        if (_stopping)
        {
            return Task.CompletedTask; // the silo is going down: its receivers stay paused
        }

        Control(job)?.Resume();
        if (_pausedSince.TryRemove(job, out var since))
        {
            PipelineMetrics.BarrierPaused(job, PipelineMetrics.Since(since));
        }

        return Task.CompletedTask;
    }

    public async Task StopReceivingAsync()
    {
        _stopping = true;
        foreach (var job in JobCatalog.All)
        {
            if (Control(job.Name) is { } control)
            {
                await control.PauseAndDrainAsync(CancellationToken.None);
            }
        }

        LogStoppedReceiving();
    }

    public Task RewindAsync(string job, List<PartitionCheckpoint> positions)
    {
        if (Control(job) is not { } control)
        {
            return Task.CompletedTask;
        }

        var to = positions.ToDictionary(position => (position.Topic, position.Partition));
        return control.RewindAsync(to, CancellationToken.None);
    }

    private IKafkaPartitionControl? Control(string job) =>
        services.GetKeyedService<IKafkaPartitionControl>(JobCatalog.Get(job).StreamProvider);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information,
        Message = "Silo stopping: its receivers are paused for good; what they handed out is delivered")]
    private partial void LogStoppedReceiving();

    [LoggerMessage(EventId = 110, Level = LogLevel.Debug, Message = "Epoch {Epoch} of {Job}: {Grains} grains snapshotted, {Rows} rows")]
    private partial void LogSnapshot(string job, long epoch, int grains, int rows);
}
