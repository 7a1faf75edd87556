using System.Globalization;
using Microsoft.Extensions.Options;

namespace Kickstarter.Connectors.Kafka.Producing;

/// <summary>
/// Checks <see cref="TransactionalBatchProducerOptions"/>; <see cref="TransactionalBatchProducer"/> runs it when it is
/// created, and a host that registers the options can run it at start (<c>ValidateOnStart</c>). Each message names the
/// property, the rule and the value; the producer and consumer properties, which may hold secrets, are never quoted.
/// </summary>
public sealed class TransactionalBatchProducerOptionsValidator : IValidateOptions<TransactionalBatchProducerOptions>
{
    private const string Prefix = nameof(TransactionalBatchProducerOptions) + ".";

    /// <summary>Every broken rule, or success.</summary>
    public ValidateOptionsResult Validate(string? name, TransactionalBatchProducerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            failures.Add($"{Prefix}{nameof(options.BootstrapServers)} must be set (was '{options.BootstrapServers}').");
        }

        if (string.IsNullOrWhiteSpace(options.TransactionalId))
        {
            failures.Add($"{Prefix}{nameof(options.TransactionalId)} must be set (was '{options.TransactionalId}').");
        }

        if (options.MaxRetries < 0)
        {
            failures.Add($"{Prefix}{nameof(options.MaxRetries)} must be at least 0 (was {options.MaxRetries}).");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{nameof(options.RetryBaseDelay)} must be at least zero (was {Show(options.RetryBaseDelay)}).");
        }

        if (options.MaxRetryDelay < options.RetryBaseDelay)
        {
            failures.Add($"{Prefix}{nameof(options.MaxRetryDelay)} must be at least RetryBaseDelay ({Show(options.RetryBaseDelay)}) " +
                $"(was {Show(options.MaxRetryDelay)}).");
        }

        if (options.OperationTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{nameof(options.OperationTimeout)} must be greater than zero (was {Show(options.OperationTimeout)}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every broken rule of <paramref name="options"/>.</summary>
    internal static void ThrowIfInvalid(TransactionalBatchProducerOptions options)
    {
        if (new TransactionalBatchProducerOptionsValidator().Validate(null, options) is { Failed: true, Failures: { } failures })
        {
            throw new OptionsValidationException(string.Empty, typeof(TransactionalBatchProducerOptions), failures);
        }
    }

    private static string Show(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
