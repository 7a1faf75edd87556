using System.Globalization;
using Microsoft.Extensions.Options;

namespace Kickstarter.Connectors.Kafka.Options;

/// <summary>
/// Checks the <see cref="KafkaStreamOptions"/> of the stream provider named <paramref name="providerName"/> when the host
/// starts (<c>ValidateOnStart</c>). Each message names the property, the rule, the provider and the value; the values of
/// <see cref="KafkaStreamOptions.ConsumerProperties"/> and <see cref="KafkaStreamOptions.ProducerProperties"/> are quoted
/// only for the provider-owned keys, which are never secrets.
/// </summary>
internal sealed class KafkaStreamOptionsValidator(string providerName) : IValidateOptions<KafkaStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaStreamOptions options)
    {
        if (!string.Equals(name, providerName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = Problems(options, providerName).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static IEnumerable<string> Problems(KafkaStreamOptions options, string name)
    {
        var provider = $"for the Kafka stream provider '{name}'";
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            yield return $"{nameof(KafkaStreamOptions.BootstrapServers)} is required {provider} (was '{options.BootstrapServers}').";
        }

        var topics = $"(was [{string.Join(", ", options.Topics ?? [])}])";
        if (options.Topics is null || options.Topics.Count == 0)
        {
            yield return $"{nameof(KafkaStreamOptions.Topics)} must contain at least one topic {provider} {topics}.";
        }
        else if (options.Topics.Any(string.IsNullOrWhiteSpace))
        {
            yield return $"{nameof(KafkaStreamOptions.Topics)} must not contain empty topic names {provider} {topics}.";
        }
        else if (options.Topics.Distinct(StringComparer.Ordinal).Count() != options.Topics.Count)
        {
            yield return $"{nameof(KafkaStreamOptions.Topics)} must not list a topic twice {provider} {topics}.";
        }

        foreach (var (topic, count) in options.PartitionCounts.Where(partitionCount => partitionCount.Value < 1))
        {
            yield return $"{nameof(KafkaStreamOptions.PartitionCounts)} values must be at least 1 {provider} (was {topic}={count}).";
        }

        if (options.MaxRecordsPerPoll < 1)
        {
            yield return $"{nameof(KafkaStreamOptions.MaxRecordsPerPoll)} must be at least 1 {provider} (was {options.MaxRecordsPerPoll}).";
        }

        if (string.IsNullOrWhiteSpace(options.DeadLetterTopic))
        {
            yield return $"{nameof(KafkaStreamOptions.DeadLetterTopic)} is required {provider} (was '{options.DeadLetterTopic}').";
        }
        else if (options.Topics?.Contains(options.DeadLetterTopic, StringComparer.Ordinal) == true)
        {
            yield return $"{nameof(KafkaStreamOptions.DeadLetterTopic)} must not be one of the {nameof(KafkaStreamOptions.Topics)} " +
                $"{provider} (was '{options.DeadLetterTopic}').";
        }

        foreach (var (property, value) in new[]
                 {
                     (nameof(KafkaStreamOptions.PollTimeout), options.PollTimeout),
                     (nameof(KafkaStreamOptions.PullPeriod), options.PullPeriod),
                     (nameof(KafkaStreamOptions.MaxEventDeliveryTime), options.MaxEventDeliveryTime),
                     (nameof(KafkaStreamOptions.MetadataTimeout), options.MetadataTimeout),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"{property} must be greater than zero {provider} (was {value.ToString("c", CultureInfo.InvariantCulture)}).";
            }
        }

        if (options.CacheSize < 10)
        {
            yield return $"{nameof(KafkaStreamOptions.CacheSize)} must be at least 10 {provider} (was {options.CacheSize}).";
        }

        foreach (var fixedProperty in KafkaClientConfig.ProviderOwnedConsumerProperties)
        {
            if (options.ConsumerProperties.TryGetValue(fixedProperty, out var value))
            {
                yield return $"{nameof(KafkaStreamOptions.ConsumerProperties)} must not set '{fixedProperty}' {provider}: the provider " +
                    $"owns it (was '{value}').";
            }
        }
    }
}
