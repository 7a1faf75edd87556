using System.Collections.Concurrent;
using Kickstarter.Connectors.Kafka.Options;
using Kickstarter.Connectors.Kafka.Producing;
using Kickstarter.Grains.Hosting;
using Kickstarter.Grains.Jobs;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Grains.Sinks;

/// <summary>
/// One transactional producer per job (<c>transactional.id = kickstarter-&lt;job&gt;</c>), made on first use. Neither
/// a failed creation nor a broken producer is kept: a silo whose first InitTransactions met an unreachable Kafka, or
/// whose producer was fenced, makes a new one at the next epoch instead of failing every epoch from then on.
/// With a credential source, rotated SASL keys re-create it at the next epoch boundary (see TransactionalBatchProducer).
/// </summary>
internal sealed class JobProducers(JobsOptions options, ILoggerFactory loggerFactory, IKafkaCredentialSource? credentials = null)
    : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TransactionalBatchProducer>>> _producers = new();

    /// <summary>The job's producer; when its creation fails, the failure is not remembered and the next call tries again.</summary>
    public async Task<TransactionalBatchProducer> GetAsync(JobDefinition job, CancellationToken ct)
    {
        var lazy = _producers.GetOrAdd(job.Name, _ => new Lazy<Task<TransactionalBatchProducer>>(() => CreateAsync(job)));
        try
        {
            return await lazy.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            _producers.TryRemove(KeyValuePair.Create(job.Name, lazy));
            throw;
        }
    }

    /// <summary>
    /// Drops and disposes <paramref name="producer"/> after a failure: fenced by another instance with the same
    /// transactional.id (a second committer activation), or left without a client when recreating it failed. The next
    /// <see cref="GetAsync"/> makes a new one, whose InitTransactions aborts whatever the failed attempt left open.
    /// </summary>
    public void Discard(JobDefinition job, TransactionalBatchProducer producer)
    {
        if (_producers.TryGetValue(job.Name, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully
            && ReferenceEquals(lazy.Value.Result, producer) && _producers.TryRemove(KeyValuePair.Create(job.Name, lazy)))
        {
            producer.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var lazy in _producers.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                lazy.Value.Result.Dispose();
            }
        }
    }

    private async Task<TransactionalBatchProducer> CreateAsync(JobDefinition job)
    {
        var producer = new TransactionalBatchProducer(ProducerOptions(options, job, credentials),
            loggerFactory.CreateLogger<TransactionalBatchProducer>());
        await producer.InitializeAsync(CancellationToken.None);
        return producer;
    }

    /// <summary>
    /// The job's producer settings: the producer properties (zstd unless configured otherwise: the embedded cluster
    /// keeps only ~5 MB per partition), and for its recovery consumer the consumer properties the receivers get.
    /// </summary>
    internal static TransactionalBatchProducerOptions ProducerOptions(
        JobsOptions options, JobDefinition job, IKafkaCredentialSource? credentials)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["compression.type"] = "zstd" };
        foreach (var (key, value) in options.ProducerClientProperties())
        {
            properties[key] = value;
        }

        return new TransactionalBatchProducerOptions
        {
            BootstrapServers = options.BootstrapServers,
            TransactionalId = $"kickstarter-{job.Name}",
            ProducerProperties = properties,
            ConsumerProperties = options.ConsumerClientProperties(),
            Credentials = credentials,
        };
    }
}
