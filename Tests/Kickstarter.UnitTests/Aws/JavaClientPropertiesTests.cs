using Kickstarter.Silo.Configuration.Aws;

namespace Kickstarter.UnitTests.Aws;

/// <summary>The translation table from the Flink original's Java client properties to librdkafka's and ours.</summary>
public sealed class JavaClientPropertiesTests
{
    private static readonly AwsConfigurationOptions Options = new() { ServiceAccountUser = "u" };

    private static readonly Dictionary<string, string> RegistrySecret = new() { ["schema.registry.url"] = "https://sr" };

    private static TranslatedSettings Translate(
        Dictionary<string, string> kafka,
        Dictionary<string, string>? consumer = null,
        Dictionary<string, string>? producer = null,
        Dictionary<string, string>? registry = null)
        => JavaClientProperties.Translate(kafka, registry ?? RegistrySecret, consumer ?? [], producer ?? [], Options);

    private static Dictionary<string, string> Kafka(string jaas, string bootstrap = "b:9092")
        => new() { ["sasl.jaas.config"] = jaas, ["bootstrap.servers"] = bootstrap };

    [Theory]
    [InlineData("org.apache.kafka.common.security.plain.PlainLoginModule required username='KEY' password='SECRET';")]
    [InlineData("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"KEY\" password=\"SECRET\";")]
    [InlineData("  org.apache.kafka.common.security.scram.ScramLoginModule required\n  password='SECRET'\n  username='KEY'")]
    public void JaasLineBecomesSaslUsernameAndPassword(string jaas)
    {
        var data = Translate(Kafka(jaas)).Data;
        Assert.Equal("KEY", data["Kafka:Properties:sasl.username"]);
        Assert.Equal("SECRET", data["Kafka:Properties:sasl.password"]);
    }

    [Fact]
    public void PasswordsWithJaasPunctuationSurvive()
    {
        var data = Translate(Kafka("org.apache.kafka.common.security.plain.PlainLoginModule required username='K' password='a=b;c\"d/+';")).Data;
        Assert.Equal("a=b;c\"d/+", data["Kafka:Properties:sasl.password"]);
    }

    [Theory]
    [InlineData("org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientSecret='SECRET';")]
    [InlineData("org.apache.kafka.common.security.plain.PlainLoginModule required username='KEY';")]
    [InlineData("garbage SECRET")]
    public void UnsupportedJaasLineIsRefusedWithoutQuotingIt(string jaas)
    {
        var failure = Assert.Throws<AwsConfigurationException>(() => Translate(Kafka(jaas)));
        Assert.Equal(
            "The secret 'confluent_cloud_resource/u/kafka_cluster/java_client' has a 'sasl.jaas.config' that is not a PlainLoginModule " +
            "or ScramLoginModule line with username and password.",
            failure.Message);
    }

    [Theory]
    [InlineData("SASL_SSL://pkc-1.aws.confluent.cloud:9092", "pkc-1.aws.confluent.cloud:9092")]
    [InlineData("pkc-1.aws.confluent.cloud:9092", "pkc-1.aws.confluent.cloud:9092")]
    [InlineData("SASL_SSL://a:9092, SASL_SSL://b:9092", "a:9092,b:9092")]
    public void BootstrapServersLoseTheirScheme(string secret, string expected)
        => Assert.Equal(expected, Translate(Kafka("org.apache.kafka.common.security.plain.PlainLoginModule required username='K' password='P';", secret))
            .Data["Kafka:BootstrapServers"]);

    [Fact]
    public void SecretWithoutBootstrapServersIsRefused()
    {
        var failure = Assert.Throws<AwsConfigurationException>(() => Translate(new() { ["sasl.username"] = "K", ["sasl.password"] = "P" }));
        Assert.Equal("The secret 'confluent_cloud_resource/u/kafka_cluster/java_client' has no 'bootstrap.servers'.", failure.Message);
    }

    [Fact]
    public void PythonClientFormOfTheSecretIsAcceptedToo()
    {
        var data = Translate(new() { ["sasl.username"] = "K", ["sasl.password"] = "P", ["bootstrap.servers"] = "b:9092" }).Data;
        Assert.Equal("K", data["Kafka:Properties:sasl.username"]);
        Assert.Equal("P", data["Kafka:Properties:sasl.password"]);
    }

    [Theory]
    [InlineData("schema.registry.basic.auth.user.info")]
    [InlineData("basic.auth.user.info")]
    public void RegistryUserInfoBecomesBasicAuthUserInfo(string key)
    {
        var registry = new Dictionary<string, string> { ["schema.registry.url"] = "https://sr", [key] = "SR:SECRET" };
        var data = Translate(Kafka("org.apache.kafka.common.security.plain.PlainLoginModule required username='K' password='P';"), registry: registry).Data;
        Assert.Equal("https://sr", data["SchemaRegistry:Url"]);
        Assert.Equal("SR:SECRET", data["SchemaRegistry:BasicAuthUserInfo"]);
    }

    [Fact]
    public void RegistrySecretWithoutUrlIsRefused()
    {
        var failure = Assert.Throws<AwsConfigurationException>(() => Translate(
            Kafka("org.apache.kafka.common.security.plain.PlainLoginModule required username='K' password='P';"),
            registry: new() { ["schema.registry.basic.auth.user.info"] = "SR:SECRET" }));
        Assert.Equal("The secret 'confluent_cloud_resource/u/schema_registry_cluster/java_client' has no 'schema.registry.url'.", failure.Message);
    }

    [Fact]
    public void JavaOnlyAndPipelineOwnedPropertiesAreDroppedWithANoteNamingOnlyTheProperty()
    {
        var consumer = new Dictionary<string, string>
        {
            ["key.deserializer"] = "org.apache.kafka.common.serialization.StringDeserializer",
            ["enable.auto.commit"] = "true",
            ["auto.offset.reset"] = "latest",
            ["partition.assignment.strategy"] = "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
            ["interceptor.classes"] = "com.example.Interceptor",
            ["request.timeout.ms"] = "60000",
            ["fetch.min.bytes"] = "1",
        };
        var producer = new Dictionary<string, string>
        {
            ["value.serializer"] = "io.confluent.kafka.serializers.KafkaAvroSerializer",
            ["buffer.memory"] = "33554432",
            ["max.request.size"] = "2097152",
            ["request.timeout.ms"] = "60000",
        };

        var translated = Translate(Kafka("org.apache.kafka.common.security.plain.PlainLoginModule required username='K' password='P';"), consumer, producer);

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["Kafka:ConsumerProperties:partition.assignment.strategy"] = "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
                ["Kafka:ConsumerProperties:fetch.min.bytes"] = "1",
                ["Kafka:ProducerProperties:message.max.bytes"] = "2097152",
                ["Kafka:ProducerProperties:request.timeout.ms"] = "60000",
            },
            translated.Data.Where(p => p.Key.Contains("ConsumerProperties") || p.Key.Contains("ProducerProperties")).ToDictionary());
        Assert.Contains(translated.Notes, n => n.Contains("'enable.auto.commit' dropped (the pipeline owns offsets", StringComparison.Ordinal));
        Assert.Contains(translated.Notes, n => n.Contains("'interceptor.classes' dropped (a Java class)", StringComparison.Ordinal));
        Assert.Contains(translated.Notes, n => n.Contains("'max.request.size' became message.max.bytes", StringComparison.Ordinal));
        Assert.Contains(translated.Notes, n => n.Contains("'sasl.jaas.config' became sasl.username and sasl.password", StringComparison.Ordinal));
        Assert.All(translated.Notes, n => Assert.DoesNotContain("org.apache.kafka.common.serialization", n));
        Assert.All(translated.Notes, n => Assert.DoesNotContain("password='P'", n));
    }

    [Fact]
    public void AValueBothRolesShareGoesToEveryClientAndDifferingValuesStayWithTheirRole()
    {
        var translated = Translate(
            Kafka("org.apache.kafka.common.security.plain.PlainLoginModule required username='K' password='P';"),
            consumer: new() { ["security.protocol"] = "SASL_SSL", ["socket.timeout.ms"] = "30000" },
            producer: new() { ["security.protocol"] = "SASL_SSL", ["socket.timeout.ms"] = "10000" });

        Assert.Equal("SASL_SSL", translated.Data["Kafka:Properties:security.protocol"]);
        Assert.False(translated.Data.ContainsKey("Kafka:ConsumerProperties:security.protocol"));
        Assert.Equal("30000", translated.Data["Kafka:ConsumerProperties:socket.timeout.ms"]);
        Assert.Equal("10000", translated.Data["Kafka:ProducerProperties:socket.timeout.ms"]);
        Assert.False(translated.Data.ContainsKey("Kafka:Properties:socket.timeout.ms"));
    }
}
