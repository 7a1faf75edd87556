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

    public async Task<BarrierReport> BarrierAsync(string job)
    {
        var positions = await PauseAsync(job);
        ThrowIfRecordsUnapplied(job, "barrier");
        var partitions = Control(job)?.Partitions ?? [];
        return new BarrierReport(positions, [.. partitions.Select(p => new SourcePartition(p.Topic, p.Partition))]);
    }

    public async Task<SiloSnapshot> SnapshotAsync(string job, SnapshotRequest request)
    {
        using var activity = PipelineTracing.StartSnapshot(job, JobCatalog.Get(job).StreamProvider, request.Epoch);
        // Again before and after: a grain that deactivates between the barrier and its snapshot (with a failed write)
        // would be snapshotted from its older stored state, and fire windows without the records it lost.
        ThrowIfRecordsUnapplied(job, "snapshot");
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

        ThrowIfRecordsUnapplied(job, "snapshot");
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
        participants.ClearLostStates(job);
        if (Control(job) is not { } control)
        {
            return Task.CompletedTask;
        }

        var to = positions.ToDictionary(position => (position.Topic, position.Partition));
        return control.RewindAsync(to, CancellationToken.None);
    }

    /// <summary>
    /// Records counted in the positions but held by no grain must never be checkpointed past: the epoch is abandoned,
    /// and the committer rewinds every silo to the last prepared positions, which lie before them.
    /// </summary>
    private void ThrowIfRecordsUnapplied(string job, string step)
    {
        var givenUp = Control(job)?.GivenUp ?? [];
        var lost = participants.LostStates(job);
        if (givenUp.Count == 0 && lost.Count == 0)
        {
            return;
        }

        var what = string.Join("; ", givenUp.Select(g => $"delivery given up on {g}")
            .Concat(lost.Take(10).Select(grain => $"state of {grain} lost in a failed write"))
            .Append(lost.Count > 10 ? $"{lost.Count - 10} more grains lost state" : null)
            .OfType<string>());
        LogUnapplied(job, step, what);
        throw new UnappliedRecordsException(
            $"Job {job}: silo {Silo} refuses the epoch's {step}: records counted as delivered were not applied ({what}); " +
            "the epoch is abandoned and the job rewinds to its last prepared positions.");
    }

    private IKafkaPartitionControl? Control(string job) =>
        services.GetKeyedService<IKafkaPartitionControl>(JobCatalog.Get(job).StreamProvider);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning,
        Message = "Job {Job}: this silo refuses the epoch's {Step}: {What}; the job rewinds to its last prepared positions")]
    private partial void LogUnapplied(string job, string step, string what);

    [LoggerMessage(EventId = 112, Level = LogLevel.Information,
        Message = "Silo stopping: its receivers are paused for good; what they handed out is delivered")]
    private partial void LogStoppedReceiving();

    [LoggerMessage(EventId = 110, Level = LogLevel.Debug, Message = "Epoch {Epoch} of {Job}: {Grains} grains snapshotted, {Rows} rows")]
    private partial void LogSnapshot(string job, long epoch, int grains, int rows);
}
