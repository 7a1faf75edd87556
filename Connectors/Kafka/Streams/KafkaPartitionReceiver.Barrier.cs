using Confluent.Kafka;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>The receiver's side of the barrier: pause with its position, resume, rewind, and caught-up checks.</summary>
internal sealed partial class KafkaPartitionReceiver
{
    /// <summary>Stops handing out records; returns the position and how many containers were handed out.</summary>
    internal (PartitionProgressSnapshot Snapshot, long HandedOut) Pause()
    {
        lock (gate)
        {
            paused = true;
            var checkpoint = progress.Checkpoint(caughtUp: false);
            // The consumer's position can pass NextOffset only by skipping records nobody sees (transaction markers on a
            // real broker), and only counts when nothing read is waiting to be handed out and no poll is running.
            var consumedUpTo = checkpoint.NextOffset;
            // Receivers are nearly always in a poll, so also use the position seen after the last poll that found
            // nothing: everything below it was handed out (the buffer is empty), only markers lie in between.
            if (pendingIndex >= pending.Count && idlePosition > consumedUpTo)
            {
                consumedUpTo = idlePosition;
            }

            if (!polling && pendingIndex >= pending.Count && consumer is { } current)
            {
                try
                {
                    var position = current.Position(Partition);
                    consumedUpTo = position == Offset.Unset ? consumedUpTo : Math.Max(consumedUpTo, position.Value);
                }
                catch (KafkaException)
                {
                    // Unknown position: judge by NextOffset alone.
                }
            }

            return (new PartitionProgressSnapshot(checkpoint, consumedUpTo), handedOutContainers);
        }
    }

    internal void Resume()
    {
        lock (gate)
        {
            paused = false;
        }
    }

    /// <summary>True when, as far as Kafka knows, the partition holds nothing readable at or beyond <paramref name="nextOffset"/>.</summary>
    internal bool IsCaughtUp(long nextOffset)
    {
        var current = consumer;
        if (current is null)
        {
            return false;
        }

        try
        {
            var watermarks = current.QueryWatermarkOffsets(Partition, TimeSpan.FromSeconds(2));
            return watermarks.High != Offset.Unset && nextOffset >= watermarks.High.Value;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        catch (KafkaException)
        {
            var cached = current.GetWatermarkOffsets(Partition);
            return cached.High != Offset.Unset && nextOffset >= cached.High.Value;
        }
    }

    internal Task[] DeadLettersInFlight()
    {
        lock (gate)
        {
            deadLettersInFlight.RemoveAll(t => t.IsCompletedSuccessfully);
            return [.. deadLettersInFlight];
        }
    }

    /// <summary>While paused: drops everything buffered, resets the position to <paramref name="to"/> and has the agent seek there.</summary>
    internal Task RewindAsync(PartitionCheckpoint? to)
    {
        lock (gate)
        {
            if (!paused)
            {
                throw new InvalidOperationException($"Partition {Partition.Topic}/{Partition.Partition.Value} must be paused before it is rewound.");
            }

            generation++;
            pending.Clear();
            pendingIndex = 0;
            idlePosition = -1;
            progress.Reset(to);
            seekRequest?.Completion.TrySetCanceled();
            seekRequest = new SeekRequest(to is null ? Offset.Beginning : new Offset(to.NextOffset));
            return seekRequest.Completion.Task;
        }
    }

    private void ApplySeekRequest()
    {
        if (seekRequest is not { } request || consumer is null)
        {
            return;
        }

        seekRequest = null;
        // Re-assigning discards what librdkafka had prefetched from the old position.
        consumer.Unassign();
        consumer.Assign(new TopicPartitionOffset(Partition, request.Offset));
        KafkaStreamLog.Rewound(logger, providerName, Partition.Topic, Partition.Partition.Value, request.Offset.Value);
        request.Completion.TrySetResult();
    }
}
