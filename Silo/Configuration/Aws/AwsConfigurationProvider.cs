using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Microsoft.Extensions.Configuration;

namespace Kickstarter.Silo.Configuration.Aws;

/// <summary>
/// Loads <c>Kafka:BootstrapServers</c>, <c>Kafka:Properties:*</c> (and the per-role <c>Kafka:ConsumerProperties:*</c>,
/// <c>Kafka:ProducerProperties:*</c>), <c>SchemaRegistry:Url</c> and <c>SchemaRegistry:BasicAuthUserInfo</c> from the
/// Secrets Manager secrets and Parameter Store paths of one service account user, as the Flink original's apps read them.
/// </summary>
/// <remarks>
/// <see cref="Load"/> runs when the source is added, so a missing, unreadable or malformed secret stops start-up with a
/// <see cref="StartupException"/> naming it. <see cref="RefreshAsync"/> (called by <see cref="AwsConfigurationRefresher"/>
/// every <c>Aws:RefreshInterval</c>) reads everything again and fires the configuration's reload token only when a
/// value changed, so <c>IOptionsMonitor</c> consumers see rotated API keys.
/// </remarks>
public sealed class AwsConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly IAmazonSimpleSystemsManagement _ssm;
    private readonly ParameterStoreReader _reader;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private IReadOnlyList<string> _notes = [];
    private long _version;

    public AwsConfigurationProvider(AwsConfigurationOptions options)
    {
        Options = options;
        try
        {
            _ssm = SsmClientFactory.Create(options);
        }
        catch (AmazonClientException ex)
        {
            // The SDK resolves the region when the client is built: Aws:Region, then AWS_REGION, profile, instance metadata.
            throw new StartupException(
                $"Aws:ServiceAccountUser (--service-account-user) '{options.ServiceAccountUser}' needs an AWS region: set Aws:Region " +
                $"or AWS_REGION ({ex.Message}).");
        }

        _reader = new ParameterStoreReader(_ssm);
    }

    public AwsConfigurationOptions Options { get; }

    /// <summary>What the translation dropped or renamed, by property name (never a value).</summary>
    public IReadOnlyList<string> Notes => Volatile.Read(ref _notes);

    /// <summary>Number of loads that changed a value (1 after start-up).</summary>
    public long Version => Interlocked.Read(ref _version);

    public override void Load()
    {
        try
        {
            // The AWS SDK is asynchronous only; start-up has no synchronization context to deadlock on.
            var settings = Task.Run(() => ReadAsync(CancellationToken.None)).GetAwaiter().GetResult();
            Apply(settings);
        }
        catch (AwsConfigurationException ex)
        {
            throw new StartupException($"Aws:ServiceAccountUser (--service-account-user) '{Options.ServiceAccountUser}': {ex.Message}");
        }
    }

    /// <summary>
    /// Reads the secrets and parameters again; when a value changed, replaces them and fires the reload token.
    /// Returns whether anything changed. Throws <see cref="AwsConfigurationException"/> and keeps the last good values
    /// when AWS cannot be read.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var settings = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (SameAs(Data, settings.Data))
            {
                return false;
            }

            Apply(settings);
            OnReload();
            return true;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public void Dispose()
    {
        _ssm.Dispose();
        _refreshing.Dispose();
    }

    public override string ToString() => $"{GetType().Name} (service account user '{Options.ServiceAccountUser}')";

    private async Task<TranslatedSettings> ReadAsync(CancellationToken cancellationToken)
    {
        var kafka = await _reader.ReadSecretPropertiesAsync(Options.KafkaSecretId, cancellationToken).ConfigureAwait(false);
        var schemaRegistry = await _reader.ReadSecretPropertiesAsync(Options.SchemaRegistrySecretId, cancellationToken)
            .ConfigureAwait(false);
        var consumer = await _reader.ReadParametersAsync(Options.ConsumerParametersPath, cancellationToken).ConfigureAwait(false);
        var producer = await _reader.ReadParametersAsync(Options.ProducerParametersPath, cancellationToken).ConfigureAwait(false);
        return JavaClientProperties.Translate(kafka, schemaRegistry, consumer, producer, Options);
    }

    private void Apply(TranslatedSettings settings)
    {
        // A new dictionary swapped in whole: readers on other threads see the old values or the new ones, never a mix.
        Data = new Dictionary<string, string?>(settings.Data, StringComparer.OrdinalIgnoreCase);
        Volatile.Write(ref _notes, settings.Notes);
        Interlocked.Increment(ref _version);
    }

    private static bool SameAs(IDictionary<string, string?> current, IReadOnlyDictionary<string, string?> next)
        => current.Count == next.Count && next.All(pair => current.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
