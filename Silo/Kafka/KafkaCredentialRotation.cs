using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Options;
using Kickstarter.Silo.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kickstarter.Silo.Kafka;

/// <summary>
/// Hands rotated SASL credentials (<c>Kafka:Properties:sasl.username</c> / <c>sasl.password</c>, re-read from AWS
/// every <c>Aws:RefreshInterval</c>) to Kafka clients without a restart.
/// </summary>
/// <remarks>
/// Two halves. A client being built takes the current pair through <see cref="WithCurrentCredentials{T}"/>, whatever
/// its configuration was copied from at start-up. A live client registered with <see cref="Track"/> gets
/// <see cref="IClient.SetSaslCredentials"/> on every rotation: librdkafka uses the new pair the next time it
/// authenticates (a new broker connection, or a re-authentication when the broker asks for one) and keeps the
/// connections it has. Nothing is closed or re-created, so no transaction is aborted, no consumer position moves, and
/// no record is lost or produced twice across the switch. The original's key rotation keeps the previous key valid
/// for a rotation period, far longer than the refresh interval, so old connections stay authorised meanwhile.
/// </remarks>
public sealed partial class KafkaCredentialRotation : IKafkaCredentialSource, IDisposable
{
    private const string UsernameKey = "sasl.username";
    private const string PasswordKey = "sasl.password";

    private readonly ILogger<KafkaCredentialRotation> _logger;
    private readonly IDisposable? _subscription;
    private readonly Lock _lock = new();
    private readonly HashSet<IClient> _clients = new(ReferenceEqualityComparer.Instance);
    private (string Username, string Password)? _current;
    private long _rotations;

    public KafkaCredentialRotation(IOptionsMonitor<KafkaOptions> options, ILogger<KafkaCredentialRotation> logger)
    {
        _logger = logger;
        _current = Read(options.CurrentValue);
        _subscription = options.OnChange(Rotate);
    }

    /// <summary>How many times the credentials changed since start-up.</summary>
    public long Rotations => Interlocked.Read(ref _rotations);

    /// <inheritdoc />
    public long Generation => Rotations;

    /// <summary>Live clients that receive the next rotation.</summary>
    public int TrackedClients
    {
        get
        {
            lock (_lock)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>Sets the current SASL credentials, if any are configured, on a client configuration about to be built.</summary>
    public T WithCurrentCredentials<T>(T config)
        where T : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(config);
        lock (_lock)
        {
            if (_current is { } current)
            {
                config.SaslUsername = current.Username;
                config.SaslPassword = current.Password;
            }
        }

        return config;
    }

    /// <inheritdoc />
    public void Apply(ClientConfig config) => WithCurrentCredentials(config);

    /// <summary>Registers a live client for rotations until the returned handle is disposed (dispose it before the client).</summary>
    public IDisposable Track(IClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        lock (_lock)
        {
            _clients.Add(client);
        }

        return new Registration(this, client);
    }

    public void Dispose() => _subscription?.Dispose();

    private void Rotate(KafkaOptions options)
    {
        var next = Read(options);
        int updated;
        lock (_lock)
        {
            // IOptionsMonitor may call more than once for one reload; only a different pair is a rotation.
            if (next is null || next == _current)
            {
                return;
            }

            _current = next;
            foreach (var client in _clients)
            {
                client.SetSaslCredentials(next.Value.Username, next.Value.Password);
            }

            updated = _clients.Count;
            Interlocked.Increment(ref _rotations);
        }

        LogRotated(_logger, updated);
    }

    private static (string Username, string Password)? Read(KafkaOptions options)
        => options.Properties.TryGetValue(UsernameKey, out var username) && options.Properties.TryGetValue(PasswordKey, out var password)
            ? (username, password)
            : null;

    private void Untrack(IClient client)
    {
        lock (_lock)
        {
            _clients.Remove(client);
        }
    }

    [LoggerMessage(EventId = 1410, Level = LogLevel.Information, Message =
        "Kafka SASL credentials rotated: {Clients} live client(s) use them from their next authentication, new clients from their start.")]
    private static partial void LogRotated(ILogger logger, int clients);

    private sealed class Registration(KafkaCredentialRotation owner, IClient client) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Untrack(client);
            }
        }
    }
}
