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
        { o => o.MaxAttempts = 0, "TransactionalBatchProducerOptions.MaxAttempts must be at least 1 (was 0)." },
        {
            o => o.InitialBackoff = TimeSpan.FromMilliseconds(-1),
            "TransactionalBatchProducerOptions.InitialBackoff must be at least zero (was -00:00:00.0010000)."
        },
        {
            o => o.MaxBackoff = TimeSpan.FromMilliseconds(50),
            "TransactionalBatchProducerOptions.MaxBackoff must be at least InitialBackoff (00:00:00.1000000) (was 00:00:00.0500000)."
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
        options.MaxAttempts = 0;
        options.ProducerProperties["sasl.password"] = "hunter2";

        var error = Assert.Throws<OptionsValidationException>(() => new TransactionalBatchProducer(options));

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains("TransactionalId must be set", error.Message);
        Assert.Contains("MaxAttempts must be at least 1", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }
}
