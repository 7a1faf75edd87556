using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Options;

namespace Kickstarter.Connectors.Kafka.Tests.Producing;

/// <summary>
/// A credential source whose pair the test rotates by hand; it behaves as the Silo's rotation does (new pair, next
/// generation, SetSaslCredentials on every tracked live client) and records what it applied and tracked.
/// </summary>
internal sealed class RotatingCredentials(string username, string password) : IKafkaCredentialSource
{
    private readonly Lock _lock = new();
    private readonly List<IClient> _tracked = [];
    private readonly List<(bool Transactional, string Username)> _applied = [];
    private (string Username, string Password) _current = (username, password);
    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Configurations built so far: transactional or not, and the username they got.</summary>
    public IReadOnlyList<(bool Transactional, string Username)> Applied
    {
        get
        {
            lock (_lock)
            {
                return [.. _applied];
            }
        }
    }

    public int TrackedClients
    {
        get
        {
            lock (_lock)
            {
                return _tracked.Count;
            }
        }
    }

    public void Apply(ClientConfig config)
    {
        lock (_lock)
        {
            config.SaslUsername = _current.Username;
            config.SaslPassword = _current.Password;
            _applied.Add((config.Any(pair => pair.Key == "transactional.id"), _current.Username));
        }
    }

    public IDisposable Track(IClient client)
    {
        lock (_lock)
        {
            _tracked.Add(client);
        }

        return new Untrack(this, client);
    }

    public void Rotate(string username, string password)
    {
        lock (_lock)
        {
            _current = (username, password);
            Interlocked.Increment(ref _generation);
            foreach (var client in _tracked)
            {
                client.SetSaslCredentials(username, password);
            }
        }
    }

    private sealed class Untrack(RotatingCredentials owner, IClient client) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._tracked.Remove(client);
            }
        }
    }
}
