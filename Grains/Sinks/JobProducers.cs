using System.Collections.Concurrent;
using Kickstarter.Connectors.Kafka.Options;
using Kickstarter.Connectors.Kafka.Producing;
using Kickstarter.Grains.Hosting;
using Kickstarter.Grains.Jobs;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Grains.Sinks;

/// <summary>
/// One transactional producer per job (<c>transactional.id = kickstarter-&lt;job&gt;</c>), made on first use; with a
/// credential source, rotated SASL keys re-create it at the next epoch boundary (see TransactionalBatchProducer).
/// </summary>
internal sealed class JobProducers(JobsOptions options, ILoggerFactory loggerFactory, IKafkaCredentialSource? credentials = null)
    : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TransactionalBatchProducer>>> _producers = new();

    public Task<TransactionalBatchProducer> GetAsync(JobDefinition job, CancellationToken ct) =>
        _producers.GetOrAdd(job.Name, _ => new Lazy<Task<TransactionalBatchProducer>>(() => CreateAsync(job))).Value.WaitAsync(ct);

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
        // zstd unless configured otherwise: the embedded cluster keeps only ~5 MB per partition. Producer-only
        // properties (Kafka:ProducerProperties:*) come after the shared ones and win.
        var properties = options.KafkaProperties
            .Concat(options.ProducerProperties)
            .Prepend(new("compression.type", "zstd"))
            .GroupBy(property => property.Key)
            .ToDictionary(group => group.Key, group => group.Last().Value);
        var producer = new TransactionalBatchProducer(
            new TransactionalBatchProducerOptions
            {
                BootstrapServers = options.BootstrapServers,
                TransactionalId = $"kickstarter-{job.Name}",
                ProducerProperties = new(properties, StringComparer.Ordinal),
                Credentials = credentials,
            },
            loggerFactory.CreateLogger<TransactionalBatchProducer>());
        await producer.InitializeAsync(CancellationToken.None);
        return producer;
    }
}
