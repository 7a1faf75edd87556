namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>The barrier of one provider on this silo: pause under each receiver's lock, then wait for the caches to empty.</summary>
internal sealed class KafkaPartitionControl(KafkaReceiverRegistry registry) : IKafkaPartitionControl
{
    private static readonly TimeSpan DrainPollInterval = TimeSpan.FromMilliseconds(2);

    public async Task<IReadOnlyList<PartitionCheckpoint>> PauseAndDrainAsync(CancellationToken cancellationToken)
    {
        registry.SetPaused(true);
        var paused = registry.Receivers.Select(r => (Receiver: r, State: r.Pause())).ToList();

        // The positions are fixed now, so the high-watermark queries (a broker round trip each) run during the drain.
        var caughtUp = paused
            .Select(p => Task.Run(() => p.Receiver.IsCaughtUp(p.State.Snapshot.ConsumedUpTo), CancellationToken.None))
            .ToList();

        // Everything handed out must have been added to the cache and purged after its delivery returned.
        foreach (var (receiver, state) in paused)
        {
            // A receiver that shut down meanwhile (its partition moved) no longer counts.
            while (registry.IsRegistered(receiver) && !HasDelivered(receiver, state.HandedOut))
            {
                await Task.Delay(DrainPollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var (receiver, _) in paused)
        {
            // Faults propagate: a dead letter that was not acknowledged must not be checkpointed past.
            await Task.WhenAll(receiver.DeadLettersInFlight()).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var flags = await Task.WhenAll(caughtUp).WaitAsync(cancellationToken).ConfigureAwait(false);
        var checkpoints = new List<PartitionCheckpoint>(paused.Count);
        for (var i = 0; i < paused.Count; i++)
        {
            if (registry.IsRegistered(paused[i].Receiver))
            {
                checkpoints.Add(paused[i].State.Snapshot.Checkpoint with { CaughtUp = flags[i] });
            }
        }

        return checkpoints;
    }

    public void Resume()
    {
        registry.SetPaused(false);
        foreach (var receiver in registry.Receivers)
        {
            receiver.Resume();
        }
    }

    public IReadOnlyList<DeliveryGiveUp> GivenUp => registry.GivenUp;

    public IReadOnlyList<(string Topic, int Partition)> Partitions => registry.Partitions;

    public async Task RewindAsync(
        IReadOnlyDictionary<(string Topic, int Partition), PartitionCheckpoint> to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(to);
        if (!registry.IsPaused)
        {
            throw new InvalidOperationException("RewindAsync is only allowed between PauseAndDrainAsync and Resume.");
        }

        var seeks = registry.Receivers
            .Select(receiver => receiver.RewindAsync(
                to.TryGetValue((receiver.Partition.Topic, receiver.Partition.Partition.Value), out var checkpoint) ? checkpoint : null))
            .ToList();
        // Paused and drained: no delivery is in flight, so no give-up can land between the seeks and this.
        registry.ClearGiveUps();
        await Task.WhenAll(seeks).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private bool HasDelivered(KafkaPartitionReceiver receiver, long handedOut)
    {
        var cache = registry.CacheOf(receiver.QueueId);
        return cache is null ? handedOut == 0 : cache.HasDelivered(handedOut);
    }
}
