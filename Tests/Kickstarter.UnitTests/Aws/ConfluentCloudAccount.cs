using Kickstarter.Silo.Configuration.Aws;
using Kickstarter.Testing;

namespace Kickstarter.UnitTests.Aws;

/// <summary>
/// What the Flink original's Terraform writes into AWS for one service account user, put into an <see cref="SsmServer"/>:
/// the two Java-client secrets and one parameter per consumer and producer property.
/// </summary>
internal sealed class ConfluentCloudAccount
{
    public const string User = "kickstarter_test";

    // Distinct, greppable values: a test fails if any of them shows up in a message or a log line.
    public const string ApiKey = "KAFKAKEYID7QX";
    public const string ApiSecret = "kafka-secret-Zq81+/vT0pWXhY3";
    public const string RotatedApiKey = "KAFKAKEYID9RT";
    public const string RotatedApiSecret = "kafka-secret-rotated-Lm55Qa";
    public const string RegistryUserInfo = "SRKEYID42:registry-secret-Hh20Kk";

    public ConfluentCloudAccount(SsmServer ssm, string bootstrap = "SASL_SSL://pkc-12345.us-east-1.aws.confluent.cloud:9092")
    {
        Ssm = ssm;
        Options = new AwsConfigurationOptions
        {
            ServiceAccountUser = User,
            ServiceUrl = ssm.ServiceUrl,
            AccessKey = "AKIDTEST",
            SecretKey = "aws-secret-key-Yy31",
            RequestTimeout = TimeSpan.FromSeconds(5),
        };
        PutKafkaSecret(bootstrap, ApiKey, ApiSecret);
        ssm.PutSecret(Options.SchemaRegistrySecretId, $$"""
            {"schema.registry.basic.auth.credentials.source":"USER_INFO",
             "schema.registry.basic.auth.user.info":"{{RegistryUserInfo}}",
             "schema.registry.url":"https://psrc-abcde.us-east-2.aws.confluent.cloud"}
            """);
        foreach (var (key, value) in ConsumerParameters)
        {
            ssm.PutParameter($"{Options.ConsumerParametersPath}/{key}", value);
        }

        foreach (var (key, value) in ProducerParameters)
        {
            ssm.PutParameter($"{Options.ProducerParametersPath}/{key}", value);
        }
    }

    public SsmServer Ssm { get; }

    public AwsConfigurationOptions Options { get; }

    /// <summary>Every value that must never appear in a message, log line or page.</summary>
    public static IReadOnlyList<string> SecretValues { get; } =
        [ApiSecret, RotatedApiSecret, "registry-secret-Hh20Kk", "aws-secret-key-Yy31"];

    /// <summary>The consumer properties as the original's Terraform writes them.</summary>
    public static IReadOnlyDictionary<string, string> ConsumerParameters { get; } = new Dictionary<string, string>
    {
        ["auto.commit.interval.ms"] = "1000",
        ["auto.offset.reset"] = "earliest",
        ["basic.auth.credentials.source"] = "USER_INFO",
        ["client.dns.lookup"] = "use_all_dns_ips",
        ["enable.auto.commit"] = "true",
        ["max.poll.interval.ms"] = "300000",
        ["request.timeout.ms"] = "60000",
        ["sasl.mechanism"] = "PLAIN",
        ["security.protocol"] = "SASL_SSL",
        ["session.timeout.ms"] = "90000",
    };

    /// <summary>The producer properties as the original's Terraform writes them.</summary>
    public static IReadOnlyDictionary<string, string> ProducerParameters { get; } = new Dictionary<string, string>
    {
        ["sasl.mechanism"] = "PLAIN",
        ["security.protocol"] = "SASL_SSL",
        ["client.dns.lookup"] = "use_all_dns_ips",
        ["acks"] = "all",
        ["transaction.timeout.ms"] = "60000",
        ["compression.type"] = "gzip",
    };

    public void PutKafkaSecret(string bootstrap, string apiKey, string apiSecret) => Ssm.PutSecret(Options.KafkaSecretId, $$"""
        {"sasl.jaas.config":"org.apache.kafka.common.security.plain.PlainLoginModule required username='{{apiKey}}' password='{{apiSecret}}';",
         "bootstrap.servers":"{{bootstrap}}"}
        """);
}
