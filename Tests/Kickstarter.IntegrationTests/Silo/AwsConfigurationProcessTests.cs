using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Microsoft.Playwright;

namespace Kickstarter.IntegrationTests.Silo;

/// <summary>
/// The Silo executable started with <c>--service-account-user</c> against an SSM stand-in holding what the Flink
/// original's Terraform writes: it takes its Kafka cluster from the secret, picks up a rotated key while running, and
/// prints no secret value on stdout, stderr or the dashboard.
/// </summary>
public sealed class AwsConfigurationProcessTests : IAsyncDisposable
{
    private const string User = "kickstarter_process";
    private const string ApiSecret = "kafka-secret-Proc9+/Ab";
    private const string RotatedApiSecret = "kafka-secret-rotated-Proc7Cd";
    private const string RegistrySecret = "registry-secret-Proc3Ef";
    private const string AwsSecretKey = "aws-secret-key-Proc5Gh";
    private static readonly string[] Secrets = [ApiSecret, RotatedApiSecret, RegistrySecret, AwsSecretKey];

    private readonly string _workDir = Directory.CreateTempSubdirectory("kickstarter-aws-").FullName;
    private readonly SsmServer _ssm = SsmServer.Start();

    public async ValueTask DisposeAsync()
    {
        await _ssm.DisposeAsync();
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void PutKafkaSecret(string bootstrap, string key, string secret) =>
        _ssm.PutSecret($"confluent_cloud_resource/{User}/kafka_cluster/java_client", $$"""
        {"sasl.jaas.config":"org.apache.kafka.common.security.plain.PlainLoginModule required username='{{key}}' password='{{secret}}';",
         "bootstrap.servers":"SASL_SSL://{{bootstrap}}"}
        """);

    private void PutAccount(string bootstrap)
    {
        PutKafkaSecret(bootstrap, "PROCKEY1", ApiSecret);
        _ssm.PutSecret($"confluent_cloud_resource/{User}/schema_registry_cluster/java_client", $$"""
            {"schema.registry.basic.auth.credentials.source":"USER_INFO","schema.registry.basic.auth.user.info":"SRKEY:{{RegistrySecret}}",
             "schema.registry.url":"https://psrc-abcde.us-east-2.aws.confluent.cloud"}
            """);
        foreach (var role in new[] { "consumer", "producer" })
        {
            // The embedded cluster speaks PLAINTEXT; Confluent Cloud's parameters would say SASL_SSL.
            _ssm.PutParameter($"/confluent_cloud_resource/{User}/{role}_kafka_client/security.protocol", "PLAINTEXT");
            _ssm.PutParameter($"/confluent_cloud_resource/{User}/{role}_kafka_client/client.dns.lookup", "use_all_dns_ips");
        }

        _ssm.PutParameter($"/confluent_cloud_resource/{User}/consumer_kafka_client/enable.auto.commit", "true");
        _ssm.PutParameter($"/confluent_cloud_resource/{User}/producer_kafka_client/acks", "all");
    }

    private SiloProcess Start(params string[] args) => SiloProcess.Start(_workDir, FreePort.Next(),
    [
        $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
        "--service-account-user", User, $"--Aws:ServiceUrl={_ssm.ServiceUrl}", "--Aws:AccessKey=AKIDPROCESS", $"--Aws:SecretKey={AwsSecretKey}",
        "--Logging:LogLevel:Kickstarter=Debug", .. args,
    ]);

    [Fact]
    public async Task SiloTakesKafkaFromTheSecretPicksUpARotatedKeyAndNeverShowsASecret()
    {
        using var kafka = EmbeddedKafkaCluster.Start();
        foreach (var topic in JobCatalog.Topics)
        {
            kafka.CreateTopic(topic, 2); // librdkafka's mock cluster answers CreateTopics requests with no controller
        }

        PutAccount(kafka.BootstrapServers);

        // JSON: the registry URL from the stand-in is Confluent Cloud's, unreachable here; this test is about the keys.
        await using var silo = Start("--apps", "Generator", "--Generator:RatePerSecond=20", "--Kafka:Partitions=2", "--Aws:RefreshInterval=00:00:01",
            "--Kafka:Format=Json");

        string bootstrap;
        try
        {
            bootstrap = await silo.KafkaBootstrap.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("The silo printed no Kafka bootstrap line within 90 s. Its output:\n" + silo.Output);
        }

        Assert.Equal(kafka.BootstrapServers, bootstrap);
        Assert.Contains("Kafka (external)", silo.Output);
        await Eventually.Until(() => TopicReader.ReadAll(kafka.BootstrapServers, Topics.Sunset, TimeSpan.FromSeconds(10)).Count > 0,
            TimeSpan.FromSeconds(60), "the generator produces to the cluster named by the secret");

        PutKafkaSecret(kafka.BootstrapServers, "PROCKEY2", RotatedApiSecret);
        await Eventually.Until(() => silo.Output.Contains("Kafka SASL credentials rotated: 1 live client(s)", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the silo reads the rotated key and hands it to the generator's producer");
        var before = TopicReader.ReadAll(kafka.BootstrapServers, Topics.Sunset, TimeSpan.FromSeconds(10)).Count;
        await Eventually.Until(() => TopicReader.ReadAll(kafka.BootstrapServers, Topics.Sunset, TimeSpan.FromSeconds(10)).Count > before,
            TimeSpan.FromSeconds(60), "the generator keeps producing after the rotation");

        var pages = await DashboardAndApiTextAsync(silo.BaseAddress);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "aws-silo.log"), silo.Output); // for a look after the run
        Assert.Contains("Orleans Dashboard", pages);
        Assert.Contains("'sasl.jaas.config' became sasl.username and sasl.password", silo.Output);
        Assert.Contains("'enable.auto.commit' dropped", silo.Output);
        Assert.False(silo.HasExited);
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, silo.Output);
            Assert.DoesNotContain(secret, pages);
        }
    }

    [Fact]
    public async Task MissingSecretStopsTheSiloWithOneLineNamingItAndExitCode2()
    {
        PutAccount("127.0.0.1:9");
        _ssm.DeleteSecret($"confluent_cloud_resource/{User}/schema_registry_cluster/java_client");

        await using var silo = Start();

        Assert.Equal(2, await silo.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        var line = Assert.Single(silo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(
            $"Kickstarter cannot start: Aws:ServiceAccountUser (--service-account-user) '{User}': the Secrets Manager secret " +
            $"'confluent_cloud_resource/{User}/schema_registry_cluster/java_client' (read as SSM parameter " +
            $"'/aws/reference/secretsmanager/confluent_cloud_resource/{User}/schema_registry_cluster/java_client') could not be read: " +
            "it does not exist (ParameterNotFound).",
            line);
    }

    /// <summary>The dashboard as a browser renders it, every response it fetched, and the silo's own pages.</summary>
    private static async Task<string> DashboardAndApiTextAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        var texts = new List<string> { await http.GetStringAsync("/"), await http.GetStringAsync("/health/ready") };

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        var responses = new List<IResponse>();
        page.Response += (_, response) =>
        {
            lock (responses)
            {
                responses.Add(response);
            }
        };
        await page.GotoAsync(new Uri(baseAddress, "/dashboard/").ToString());
        await page.Locator("h1.brand-title").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await Eventually.Until(() =>
        {
            lock (responses)
            {
                return responses.Any(r => r.Headers.TryGetValue("content-type", out var type) && type.Contains("json", StringComparison.Ordinal));
            }
        }, TimeSpan.FromSeconds(30), "the dashboard fetches its data");

        texts.Add(await page.ContentAsync());
        IResponse[] fetched;
        lock (responses)
        {
            fetched = [.. responses];
        }

        foreach (var response in fetched)
        {
            try
            {
                texts.Add(await response.TextAsync());
            }
            catch (PlaywrightException)
            {
                // A streamed or aborted response (the dashboard's live updates) has no body to read.
            }
        }

        return string.Join('\n', texts);
    }
}
