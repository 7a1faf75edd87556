using Kickstarter.Connectors.Kafka.Producing;
using Microsoft.Extensions.Options;

namespace Kickstarter.Connectors.Kafka.Tests.Producing;

public sealed class TransactionalBatchProducerOptionsTests
{
    private static TransactionalBatchProducerOptions Valid() => new() { BootstrapServers = "127.0.0.1:9092", TransactionalId = "committer-1" };

    public static TheoryData<Action<TransactionalBatchProducerOptions>, string> Violations => new()
    {
        { o => o.BootstrapServers = " ", "TransactionalBatchProducerOptions.BootstrapServers must be set (was ' ')." },
        { o => o.TransactionalId = "", "TransactionalBatchProducerOptions.TransactionalId must be set (was '')." },
        { o => o.MaxRetries = -1, "TransactionalBatchProducerOptions.MaxRetries must be at least 0 (was -1)." },
        {
            o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(-1),
            "TransactionalBatchProducerOptions.RetryBaseDelay must be at least zero (was -00:00:00.0010000)."
        },
        {
            o => o.MaxRetryDelay = TimeSpan.FromMilliseconds(50),
            "TransactionalBatchProducerOptions.MaxRetryDelay must be at least RetryBaseDelay (00:00:00.1000000) (was 00:00:00.0500000)."
        },
        { o => o.OperationTimeout = TimeSpan.Zero, "TransactionalBatchProducerOptions.OperationTimeout must be greater than zero (was 00:00:00)." },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void EachRuleIsReportedWithPropertyRuleAndValue(Action<TransactionalBatchProducerOptions> breakIt, string expected)
    {
        var options = Valid();
        breakIt(options);

        var result = new TransactionalBatchProducerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal([expected], result.Failures);
    }

    [Fact]
    public void ValidOptionsPass() => Assert.True(new TransactionalBatchProducerOptionsValidator().Validate(null, Valid()).Succeeded);

    [Fact]
    public void TheProducerRefusesBrokenOptionsNamingEverySettingAndNoPropertyValue()
    {
        var options = Valid();
        options.TransactionalId = " ";
        options.MaxRetries = -1;
        options.ProducerProperties["sasl.password"] = "hunter2";

        var error = Assert.Throws<OptionsValidationException>(() => new TransactionalBatchProducer(options));

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains("TransactionalId must be set", error.Message);
        Assert.Contains("MaxRetries must be at least 0", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }
}
