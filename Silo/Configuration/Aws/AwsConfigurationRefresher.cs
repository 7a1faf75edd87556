using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Silo.Configuration.Aws;

/// <summary>
/// Reads the AWS secrets and parameters again every <c>Aws:RefreshInterval</c>, so API keys that the original's
/// Terraform rotates reach the process without a restart. A failed refresh keeps the last good values, is logged as a
/// warning naming the secret or path, and is tried again after at most a minute.
/// </summary>
internal sealed partial class AwsConfigurationRefresher(
    IConfiguration configuration,
    TimeProvider time,
    ILogger<AwsConfigurationRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Provider() is not { } first)
        {
            return;
        }

        var options = first.Options;
        LogLoaded(logger, options.ServiceAccountUser!, options.KafkaSecretId, options.SchemaRegistrySecretId,
            options.ConsumerParametersPath, options.ProducerParametersPath, options.RefreshInterval);
        foreach (var note in first.Notes)
        {
            LogTranslationNote(logger, note);
        }

        var delay = options.RefreshInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Looked up each time: adding a configuration source later rebuilds every provider.
            if (Provider() is not { } provider)
            {
                return;
            }

            try
            {
                var changed = await provider.RefreshAsync(stoppingToken).ConfigureAwait(false);
                if (changed)
                {
                    LogChanged(logger, options.ServiceAccountUser!, provider.Version);
                }
                else
                {
                    LogUnchanged(logger, options.ServiceAccountUser!);
                }

                delay = options.RefreshInterval;
            }
            catch (AwsConfigurationException ex)
            {
                delay = options.RefreshInterval < RetryAfterFailure ? options.RefreshInterval : RetryAfterFailure;
                LogRefreshFailed(logger, ex.Message, delay);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private AwsConfigurationProvider? Provider()
        => (configuration as IConfigurationRoot)?.Providers.OfType<AwsConfigurationProvider>().LastOrDefault();

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message =
        "Kafka and Schema Registry settings come from AWS for service account user '{User}': secrets '{KafkaSecret}' and " +
        "'{SchemaRegistrySecret}', parameters '{ConsumerPath}' and '{ProducerPath}'; read again every {Interval}.")]
    private static partial void LogLoaded(ILogger logger, string user, string kafkaSecret, string schemaRegistrySecret,
        string consumerPath, string producerPath, TimeSpan interval);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "Java client properties translated: {Note}.")]
    private static partial void LogTranslationNote(ILogger logger, string note);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message =
        "The AWS settings of service account user '{User}' changed (version {Version}): new Kafka and Schema Registry clients " +
        "use them from now on.")]
    private static partial void LogChanged(ILogger logger, string user, long version);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Debug, Message = "The AWS settings of service account user '{User}' are unchanged.")]
    private static partial void LogUnchanged(ILogger logger, string user);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Warning, Message =
        "Reading the AWS settings again failed; the last good values stay in use and the read is tried again in {RetryIn}: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason, TimeSpan retryIn);
}
