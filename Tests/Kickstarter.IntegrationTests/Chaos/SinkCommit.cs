using System.Diagnostics;

namespace Kickstarter.IntegrationTests.Chaos;

/// <summary>
/// One call of a sink's commit on one silo, as <see cref="ChaosJobSink"/> saw it: when it started and ended (Stopwatch
/// timestamps of this process, comparable with the kill times), and the Iceberg metadata commits it attempted
/// (<see cref="ChaosFileIO"/> reports them). A commit held across a kill goes on in the dead silo's zombie and is
/// still recorded here.
/// </summary>
internal sealed class SinkCommit(string job, long epoch, SiloAddress silo, int kafkaRecords, bool recovering)
{
    private readonly List<(string Location, bool Created, long At)> _tableCommits = [];
    private long _endedAt;

    public string Job { get; } = job;

    public long Epoch { get; } = epoch;

    public SiloAddress Silo { get; } = silo;

    /// <summary>The Kafka records the commit produces in its transaction (none: no transaction).</summary>
    public int KafkaRecords { get; } = kafkaRecords;

    public bool Recovering { get; } = recovering;

    public long StartedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>When the sink's commit returned or threw; null while it is in flight (or forever, in a zombie).</summary>
    public long? EndedAt => Interlocked.Read(ref _endedAt) is var at and > 0 ? at : null;

    public bool Succeeded { get; private set; }

    /// <summary>The metadata files this commit created (won) or found taken (lost a race), in order.</summary>
    public IReadOnlyList<(string Location, bool Created, long At)> TableCommits
    {
        get
        {
            lock (_tableCommits)
            {
                return [.. _tableCommits];
            }
        }
    }

    /// <summary>How many table metadata commits of this epoch were won so far.</summary>
    public int TablesCommitted => TableCommits.Count(commit => commit.Created);

    public void TableCommitAttempted(string location, bool created)
    {
        lock (_tableCommits)
        {
            _tableCommits.Add((location, created, Stopwatch.GetTimestamp()));
        }
    }

    public void End(bool succeeded)
    {
        Succeeded = succeeded;
        Interlocked.Exchange(ref _endedAt, Stopwatch.GetTimestamp());
    }

    public override string ToString() => $"{Job} epoch {Epoch} on silo {Silo}{(Recovering ? " (recovering)" : "")}";
}
