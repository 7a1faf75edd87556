using Confluent.Kafka;

namespace Kickstarter.Connectors.Kafka.Options;

/// <summary>
/// SASL credentials that may change while the process runs (API keys rotated in a secret store), for the Kafka
/// clients of the stream provider and of the transactional producers.
/// </summary>
/// <remarks>
/// A client being built takes the current pair with <see cref="Apply"/>. A live client that must not be re-created
/// (a consumer: its position would move) is registered with <see cref="Track"/> and gets every later pair through
/// <see cref="IClient.SetSaslCredentials"/>, which librdkafka uses at its next authentication. A transactional producer
/// compares <see cref="Generation"/> before each epoch and is re-created there, between two transactions, so every
/// connection it holds moves to the new key at a point where no transaction is open.
/// </remarks>
public interface IKafkaCredentialSource
{
    /// <summary>Counts the credential changes since start-up: a client configured at generation N has that pair.</summary>
    long Generation { get; }

    /// <summary>Sets the current SASL username and password, when any are configured, on a configuration about to be built.</summary>
    void Apply(ClientConfig config);

    /// <summary>Hands every later pair to <paramref name="client"/> until the returned handle is disposed (before the client).</summary>
    IDisposable Track(IClient client);
}
