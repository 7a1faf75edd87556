namespace Kickstarter.Grains.Interfaces.Epochs;

/// <summary>
/// A grain's snapshot was refused because its state does not fit into one item of the grain storage (DynamoDB: 400
/// KB). Every later epoch would fail the same way, so the committer stops the job and names the grain, rather than
/// retry forever.
/// </summary>
[GenerateSerializer]
public sealed class StateLimitExceededException : Exception
{
    public StateLimitExceededException(string job, string grain, string detail)
        : base($"Job {job} stopped: the state of grain {grain} does not fit into one storage item. {detail}")
    {
        Job = job;
        Grain = grain;
    }

    /// <summary>The grain's job.</summary>
    [Id(0)] public string Job { get; init; }

    /// <summary>The grain whose state was refused.</summary>
    [Id(1)] public string Grain { get; init; }

    /// <summary>The first <see cref="StateLimitExceededException"/> in <paramref name="error"/> and its causes, if any.</summary>
    public static StateLimitExceededException? Find(Exception? error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is StateLimitExceededException found)
            {
                return found;
            }

            if (current is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(Find).FirstOrDefault(found => found is not null);
            }
        }

        return null;
    }
}
