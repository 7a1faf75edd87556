using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Epochs.Participant;
using Kickstarter.Grains.Epochs.Silo;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Epochs;

namespace Kickstarter.UnitTests;

public class EpochBookkeepingTests
{
    private static SnapshotRequest Request(long epoch, long lastPrepared, long previousPrepared = 0) =>
        new(epoch, long.MaxValue, new EpochLedger(lastPrepared, previousPrepared));

    [Fact]
    public void ReplayGuardAcceptsEachOffsetOncePerPartition()
    {
        var guard = new ReplayGuard();
        Assert.True(guard.TryAccept(new SourceOffset("t", 0, 5, 0)));
        Assert.False(guard.TryAccept(new SourceOffset("t", 0, 5, 0)));
        Assert.True(guard.TryAccept(new SourceOffset("t", 1, 5, 0)));
        Assert.True(guard.TryAccept(new SourceOffset("u", 0, 5, 0)));
    }

    [Fact]
    public void ReplayGuardAcceptsOlderRecordsDeliveredLate()
    {
        // While a queue moves between silos, the old receiver may deliver 9 before the new one delivers 6..8.
        var guard = new ReplayGuard();
        Assert.True(guard.TryAccept(new SourceOffset("t", 0, 9, 0)));
        Assert.True(guard.TryAccept(new SourceOffset("t", 0, 6, 0)));
        Assert.True(guard.TryAccept(new SourceOffset("t", 0, 8, 0)));
        Assert.False(guard.TryAccept(new SourceOffset("t", 0, 6, 0)));
    }

    [Fact]
    public void ReplayGuardForgetsOffsetsBelowThePreparedPositionAndRejectsThem()
    {
        var guard = new ReplayGuard();
        guard.TryAccept(new SourceOffset("t", 0, 3, 0));
        guard.TryAccept(new SourceOffset("t", 0, 12, 0));
        guard.Advance(new Dictionary<string, long> { ["t/0"] = 10, ["t/7"] = 99 });
        Assert.Equal([12L], guard.Applied["t/0"]);
        Assert.False(guard.TryAccept(new SourceOffset("t", 0, 4, 0)));  // below the floor: applied before
        Assert.False(guard.TryAccept(new SourceOffset("t", 0, 12, 0)));
        Assert.True(guard.TryAccept(new SourceOffset("t", 0, 11, 0)));
        Assert.False(guard.Floors.ContainsKey("t/7"));                   // never seen: not tracked
    }

    [Fact]
    public void OutboxForgetsRowsOnlyOnceTheirEpochIsPrepared()
    {
        var outbox = new Outbox<string>();
        outbox.Add(1, "a");
        var (first, _) = outbox.Take(Request(epoch: 5, lastPrepared: 4), long.MaxValue);
        Assert.Equal(["a"], first.Select(r => r.Row));
        Assert.Equal(1, outbox.Count); // handed, not yet known prepared

        outbox.Add(2, "b");
        var (second, changed) = outbox.Take(Request(epoch: 6, lastPrepared: 5), long.MaxValue);
        Assert.True(changed);
        Assert.Equal(["b"], second.Select(r => r.Row)); // "a" was prepared in 5 and is gone
    }

    [Fact]
    public void OutboxHandsRowsOfAnAbandonedEpochAgain()
    {
        var outbox = new Outbox<string>();
        outbox.Add(1, "a");
        outbox.Take(Request(epoch: 5, lastPrepared: 4), long.MaxValue);
        // 6 was prepared after 4: 5, between them, was abandoned.
        var (again, _) = outbox.Take(Request(epoch: 7, lastPrepared: 6, previousPrepared: 4), long.MaxValue);
        Assert.Equal(["a"], again.Select(r => r.Row));
    }

    [Fact]
    public void OutboxHoldsRowsAboveTheWatermark()
    {
        var outbox = new Outbox<string>();
        outbox.Add(100, "early");
        outbox.Add(300, "late");
        var (handed, _) = outbox.Take(new SnapshotRequest(1, 200, EpochLedger.Empty), 200);
        Assert.Equal(["early"], handed.Select(r => r.Row));
        var (rest, _) = outbox.Take(new SnapshotRequest(2, 400, new EpochLedger(1, 0)), 400);
        Assert.Equal(["late"], rest.Select(r => r.Row));
    }

    [Fact]
    public void OutboxHoldsRowsOfAnAbandonedEpochUntilTheWatermarkReachesThemAgain()
    {
        // Epoch 5 handed both rows at watermark 400 and was abandoned (the silo died after this grain stored its
        // snapshot); the rewind restarts the watermark at the last prepared epoch's, 200. Other grains release rows up
        // to 300 only once the watermark gets there again, so "b" (300) must wait with them, not go out ahead of them.
        var outbox = new Outbox<string>();
        outbox.Add(100, "a");
        outbox.Add(300, "b");
        var (abandoned, _) = outbox.Take(new SnapshotRequest(5, 400, new EpochLedger(4, 0)), 400);
        Assert.Equal(["a", "b"], abandoned.Select(r => r.Row));

        var (afterRewind, changed) = outbox.Take(new SnapshotRequest(6, 200, new EpochLedger(4, 0)), 200);
        Assert.True(changed);
        Assert.Equal(["a"], afterRewind.Select(r => r.Row));
        Assert.Equal(0, outbox.Entries.Single(e => e.Row == "b").HandedEpoch);

        // 6 prepared: "a" goes; "b" goes out once the watermark reaches it.
        var (later, _) = outbox.Take(new SnapshotRequest(7, 400, new EpochLedger(6, 4)), 400);
        Assert.Equal(["b"], later.Select(r => r.Row));
    }

    [Fact]
    public void OutboxOfAGrainSnapshottedAgainOnlyEpochsAfterARewindStillHandsItsAbandonedRows()
    {
        // The grain stored its snapshot of epoch 5, then its silo died before 5 was prepared (4 was). It owed nothing
        // at 4, so nobody wakes it: the replay reaches it only after 6 and 7 are prepared without it. Its rows of 5
        // were never sent and must be handed again, not read as prepared because 5 is now below PreviousPrepared.
        var outbox = new Outbox<string>();
        outbox.Add(100, "window");
        outbox.Take(Request(epoch: 5, lastPrepared: 4), long.MaxValue);
        var ledger = new EpochLedger(4, 0);
        ledger = Prepared(ledger, 6);
        ledger = Prepared(ledger, 7);
        Assert.Equal(6, ledger.PreviousPrepared);
        var (again, _) = outbox.Take(new SnapshotRequest(8, long.MaxValue, ledger), long.MaxValue);
        Assert.Equal(["window"], again.Select(r => r.Row));
    }

    [Fact]
    public void LedgerRemembersAbandonedRunsBelowThePreviousPreparedEpoch()
    {
        // Prepared 1, 2..3 failed, 4 prepared, 5..6 failed, 7, 8 prepared.
        var ledger = Prepared(Prepared(Prepared(new EpochLedger(1, 0), 4), 7), 8);
        Assert.Equal((8L, 7L), (ledger.LastPrepared, ledger.PreviousPrepared));
        Assert.Equal([new EpochRange(2, 3), new EpochRange(5, 6)], ledger.EarlierAbandoned);
        Assert.All(new long[] { 1, 4, 7, 8 }, epoch => Assert.True(ledger.IsPrepared(epoch), $"epoch {epoch}"));
        Assert.All(new long[] { 2, 3, 5, 6, 9 }, epoch => Assert.False(ledger.IsPrepared(epoch), $"epoch {epoch}"));
    }

    [Fact]
    public void LedgerKeepsABoundedNumberOfAbandonedRuns()
    {
        // Every other epoch fails, a thousand times: the ledger keeps the last runs only.
        var ledger = new EpochLedger(1, 0);
        for (var epoch = 3L; epoch < 2003; epoch += 2)
        {
            ledger = Prepared(ledger, epoch);
        }

        Assert.Equal(EpochLedger.MaxEarlierAbandoned, ledger.EarlierAbandoned.Count);
        Assert.False(ledger.IsPrepared(1998));
        Assert.True(ledger.IsPrepared(1999));
    }

    // What the committer's prepare write records (CommitterGrain.PrepareAsync).
    private static EpochLedger Prepared(EpochLedger ledger, long epoch) =>
        new(epoch, ledger.LastPrepared) { EarlierAbandoned = ledger.EarlierAbandonedAfter(epoch) };

    [Fact]
    public void LedgerKnowsPreparedFromAbandoned()
    {
        // Prepared 6, then 7..9 failed, then 10 prepared.
        var ledger = new EpochLedger(10, 6);
        Assert.True(ledger.IsPrepared(6));
        Assert.False(ledger.IsPrepared(7));
        Assert.False(ledger.IsPrepared(9));
        Assert.True(ledger.IsPrepared(10));
        Assert.False(ledger.IsPrepared(11));
        Assert.False(ledger.IsPrepared(0));
    }

    [Fact]
    public void LedgerStaysTwoNumbersHoweverManyEpochsFail()
    {
        // A thousand failed epochs between two prepared ones: the ledger still judges every one of them.
        var ledger = new EpochLedger(1002, 1);
        Assert.All(Enumerable.Range(2, 1000), epoch => Assert.False(ledger.IsPrepared(epoch)));
        Assert.True(ledger.IsPrepared(1));
        Assert.True(ledger.IsPrepared(1002));
    }

    private static PartitionCheckpoint Position(int partition, long maxTs, bool caughtUp) =>
        new("t", partition, 10, maxTs, caughtUp, new Dictionary<string, UpstreamPosition>());

    [Fact]
    public void WatermarkIsTheSlowestPartition()
    {
        Assert.Equal(100, EpochPositions.Watermark(
            [Position(0, 100, false), Position(1, 500, false), Position(2, 300, true)], Sources(0, 1, 2), -1));
    }

    [Fact]
    public void PartitionReadToItsEndStillHoldsTheWatermarkAtItsLatestTimestamp()
    {
        // The slow partition is read to its end now, but its next record will be newer than 100, not newer than 500.
        Assert.Equal(100, EpochPositions.Watermark([Position(0, 100, true), Position(1, 500, true)], Sources(0, 1), -1));
    }

    [Fact]
    public void EmptyPartitionReadToItsEndDoesNotHoldTheWatermark()
    {
        Assert.Equal(500, EpochPositions.Watermark([Position(0, -1, true), Position(1, 500, false)], Sources(0, 1), -1));
        Assert.Equal(-1, EpochPositions.Watermark([Position(0, -1, false), Position(1, 500, false)], Sources(0, 1), -1));
        Assert.Equal(-1, EpochPositions.Watermark([], Sources(), -1));
    }

    [Fact]
    public void WatermarkNeverGoesBelowThePreviousOne()
    {
        // Partition 2 was between silos and reports its old position: the raw minimum drops to 50.
        Assert.Equal(400, EpochPositions.Watermark(
            [Position(0, 450, false), Position(1, 500, false), Position(2, 50, false)], Sources(0, 1, 2), 400));
        Assert.Equal(450, EpochPositions.Watermark([Position(0, 450, false), Position(1, 500, false)], Sources(0, 1), 400));
    }

    private static List<SourcePartition> Sources(params int[] partitions) =>
        [.. partitions.Select(partition => new SourcePartition("t", partition))];

    [Fact]
    public void PartitionNoReceiverHasReportedHoldsTheWatermark()
    {
        // Fresh start: partition 2's receiver is still fetching its start position, so no silo reports it. Its records,
        // from its beginning, may be older than anything the others delivered: the watermark must not pass them.
        var reported = EpochPositions.Merge([], [[Position(0, 400, false), Position(1, 500, true)]]);
        Assert.Equal(-1, EpochPositions.Watermark(reported, Sources(0, 1, 2), -1));
        // It stays where the last prepared epoch left it (never moves back), until the partition is reported.
        Assert.Equal(300, EpochPositions.Watermark(reported, Sources(0, 1, 2), 300));
        var withIt = EpochPositions.Merge(reported, [[Position(2, 100, false)]]);
        Assert.Equal(300, EpochPositions.Watermark(withIt, Sources(0, 1, 2), 300));
        Assert.Equal(100, EpochPositions.Watermark(withIt, Sources(0, 1, 2), -1));
    }

    [Fact]
    public void PartitionReportedByAnEarlierEpochHoldsTheWatermarkAtItsLastPosition()
    {
        // Its queue is between silos now: it keeps its last position, which holds the watermark at its largest timestamp.
        var earlier = EpochPositions.Merge([], [[Position(0, 100, false), Position(1, 200, false)]]);
        var now = EpochPositions.Merge(earlier, [[Position(0, 900, false)]]);
        Assert.Equal(200, EpochPositions.Watermark(now, Sources(0, 1), -1));
    }

    [Fact]
    public void ParticipantsRegistryTracksGrainsPerJob()
    {
        var registry = new EpochParticipants();
        var flight = GrainId.Create("flight", "SUN1");
        var flyer = GrainId.Create("flyer", "X@email.com");
        registry.Register("consolidator", flight);
        registry.Register("consolidator", flight);
        registry.Register("flyer-stats", flyer);
        Assert.Equal([flight], registry.Snapshot("consolidator"));
        registry.Unregister("consolidator", flight);
        Assert.Empty(registry.Snapshot("consolidator"));
        Assert.Equal([flyer], registry.Snapshot("flyer-stats"));
    }
}
