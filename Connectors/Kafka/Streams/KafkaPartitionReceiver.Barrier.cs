using Confluent.Kafka;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>The receiver's side of the barrier: pause with its position, resume, rewind, and caught-up checks.</summary>
internal sealed partial class KafkaPartitionReceiver
{
    /// <summary>Stops handing out records; returns the position and how many containers were handed out.</summary>
    internal (PartitionProgressSnapshot Snapshot, long HandedOut) Pause()
    {
        lock (_gate)
        {
            _paused = true;
            var checkpoint = _progress.Checkpoint(caughtUp: false);
            // The consumer's position can pass NextOffset only by skipping records nobody sees (transaction markers on a
            // real broker), and only counts when nothing read is waiting to be handed out and no poll is running.
            var consumedUpTo = checkpoint.NextOffset;
            // Receivers are nearly always in a poll, so also use the position seen after the last poll that found
            // nothing: everything below it was handed out (the buffer is empty), only markers lie in between.
            if (_pendingIndex >= _pending.Count && _idlePosition > consumedUpTo)
            {
                consumedUpTo = _idlePosition;
            }

            if (!_polling && _pendingIndex >= _pending.Count && _consumer is { } current)
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

            return (new PartitionProgressSnapshot(checkpoint, consumedUpTo), _handedOutContainers);
        }
    }

    internal void Resume()
    {
        lock (_gate)
        {
            _paused = false;
        }
    }

    /// <summary>True when, as far as Kafka knows, the partition holds nothing readable at or beyond
    /// <paramref name="nextOffset"/>.</summary>
    internal bool IsCaughtUp(long nextOffset)
    {
        var current = _consumer;
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
        lock (_gate)
        {
            _deadLettersInFlight.RemoveAll(t => t.IsCompletedSuccessfully);
            return [.. _deadLettersInFlight];
        }
    }

    /// <summary>While paused: drops everything buffered, resets the position to <paramref name="to"/> and has the agent seek
    /// there.</summary>
    internal Task RewindAsync(PartitionCheckpoint? to)
    {
        lock (_gate)
        {
            if (!_paused)
            {
                throw new InvalidOperationException(
                    $"Partition {Partition.Topic}/{Partition.Partition.Value} must be paused before it is rewound.");
            }

            _generation++;
            _pending.Clear();
            _pendingIndex = 0;
            _idlePosition = -1;
            _progress.Reset(to);
            _seekRequest?.Completion.TrySetCanceled();
            _seekRequest = new SeekRequest(to is null ? Offset.Beginning : new Offset(to.NextOffset));
            return _seekRequest.Completion.Task;
        }
    }

    private void ApplySeekRequest()
    {
        if (_seekRequest is not { } request || _consumer is null)
        {
            return;
        }

        _seekRequest = null;
        // Re-assigning discards what librdkafka had prefetched from the old position.
        _consumer.Unassign();
        _consumer.Assign(new TopicPartitionOffset(Partition, request.Offset));
        KafkaStreamLog.Rewound(_logger, _providerName, Partition.Topic, Partition.Partition.Value, request.Offset.Value);
        request.Completion.TrySetResult();
    }
}
