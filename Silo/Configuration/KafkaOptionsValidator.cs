using Kickstarter.Connectors.Kafka.Options;
using Microsoft.Extensions.Options;

namespace Kickstarter.Silo.Configuration;

/// <summary>
/// Checks <see cref="KafkaOptions"/>; each message names the setting, the rule and the value. Whether
/// <c>Kafka:BootstrapServers</c> answers is found by connecting (<c>KafkaSetup</c>), not here.
/// </summary>
internal sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        var failures = new List<string>();
        if (options.Partitions < 1)
        {
            failures.Add($"Kafka:Partitions must be at least 1 (was {options.Partitions}).");
        }

        if (options.EmbeddedBrokers is < 1 or > 9)
        {
            failures.Add($"Kafka:EmbeddedBrokers must be between 1 and 9 (was {options.EmbeddedBrokers}).");
        }

        // The stream provider would refuse these later, naming neither the setting nor the section it came from;
        // shared properties (Kafka:Properties) reach the consumers too. Their values are never secrets.
        foreach (var (section, properties) in
            new[] { ("Kafka:Properties", options.Properties), ("Kafka:ConsumerProperties", options.ConsumerProperties) })
        {
            foreach (var owned in KafkaStreamOptions.ProviderOwnedConsumerProperties.Where(properties.ContainsKey))
            {
                failures.Add($"{section}:{owned} must not be set: the Kafka stream provider owns it (offsets come from the " +
                    $"committer's checkpoints) (was '{properties[owned]}').");
            }
        }

        return OptionsFailures.Result(failures);
    }
}
