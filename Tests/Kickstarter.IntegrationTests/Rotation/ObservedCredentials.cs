using System.Collections.Concurrent;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Options;

namespace Kickstarter.IntegrationTests.Rotation;

/// <summary>
/// The test's window on credential rotation: wraps the real credential source and records, by SASL username only
/// (never a password), which pair each client configuration was built with and which pair each live client was handed.
/// librdkafka's mock cluster speaks PLAINTEXT and never authenticates, so this is how a test sees the new key reach
/// the clients: the configuration librdkafka receives, and the <see cref="IClient.SetSaslCredentials"/> calls.
/// </summary>
public sealed class ObservedCredentials(IKafkaCredentialSource inner) : IKafkaCredentialSource
{
    private readonly ConcurrentQueue<BuiltClient> _built = new();
    private readonly ConcurrentQueue<HandedPair> _handed = new();

    /// <summary>Client configurations as they were built, in order.</summary>
    public IReadOnlyList<BuiltClient> Built => [.. _built];

    /// <summary>Pairs handed to live clients, in order.</summary>
    public IReadOnlyList<HandedPair> Handed => [.. _handed];

    public long Generation => inner.Generation;

    public void Apply(ClientConfig config)
    {
        // Read before the pair: a configuration that saw generation N has the pair of N or a later one.
        var generation = inner.Generation;
        inner.Apply(config);
        var values = config.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        _built.Enqueue(new BuiltClient(
            values.GetValueOrDefault("transactional.id") ?? values.GetValueOrDefault("client.id") ?? "",
            values.ContainsKey("transactional.id"),
            generation,
            config.SaslUsername ?? ""));
    }

    public IDisposable Track(IClient client) => inner.Track(new ObservedClient(client, this));

    /// <summary>A configuration built at <paramref name="Generation"/> (or later) with the pair of <paramref name="Username"/>.</summary>
    public sealed record BuiltClient(string Name, bool Transactional, long Generation, string Username);

    /// <summary>A live client handed the pair of <paramref name="Username"/>.</summary>
    public sealed record HandedPair(string ClientName, string Username);

    private sealed class ObservedClient(IClient client, ObservedCredentials owner) : IClient
    {
        public Handle Handle => client.Handle;

        public string Name => client.Name;

        public int AddBrokers(string brokers) => client.AddBrokers(brokers);

        public void SetSaslCredentials(string username, string password)
        {
            client.SetSaslCredentials(username, password);
            owner._handed.Enqueue(new HandedPair(client.Name, username));
        }

        // The registration never disposes the client; its owner does.
        public void Dispose()
        {
        }
    }
}
