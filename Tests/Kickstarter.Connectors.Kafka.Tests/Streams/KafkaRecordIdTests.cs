using System.Text;
using Kickstarter.Connectors.Kafka.Streams;

namespace Kickstarter.Connectors.Kafka.Tests.Streams;

public sealed class KafkaRecordIdTests
{
    [Theory]
    [InlineData("committer", 0, 1)]
    [InlineData("flight-committer-7", 123456789012, 42)]
    [InlineData("x", -1, long.MaxValue)]
    public void FormatThenParseGivesTheSameId(string producer, long epoch, long sequence)
    {
        var id = new KafkaRecordId(producer, epoch, sequence);
        Assert.Equal($"{producer}/{epoch}/{sequence}", id.Format());
        Assert.Equal(id, KafkaRecordId.Parse(id.Format()));
        Assert.True(KafkaRecordId.TryParse(id.ToHeaderValue(), out var fromBytes));
        Assert.Equal(id, fromBytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("noslashes")]
    [InlineData("a/1")]
    [InlineData("a/b/1/2")]
    [InlineData("/1/2")]
    [InlineData("a/x/2")]
    [InlineData("a/1/")]
    public void MalformedTextIsRejected(string text)
        => Assert.False(KafkaRecordId.TryParse(text, out _));

    [Fact]
    public void InvalidUtf8IsRejected()
        => Assert.False(KafkaRecordId.TryParse(new byte[] { 0xff, 0x2f, 0x31 }, out _));

    [Fact]
    public void ProducerWithASlashCannotBeFormatted()
        => Assert.Throws<FormatException>(() => new KafkaRecordId("a/b", 1, 1).Format());

    [Fact]
    public void PositionsOrderByEpochThenSequence()
    {
        var ordered = new[] { new UpstreamPosition(1, 5), new UpstreamPosition(1, 6), new UpstreamPosition(2, 1), new UpstreamPosition(10, 0) };
        Assert.Equal(ordered, ordered.Reverse().Order());
        Assert.True(new UpstreamPosition(2, 1) > new UpstreamPosition(1, 999));
        Assert.True(new UpstreamPosition(3, 3) <= new UpstreamPosition(3, 3));
        Assert.Equal("p/2/3", Encoding.UTF8.GetString(new KafkaRecordId("p", 2, 3).ToHeaderValue()));
    }
}
