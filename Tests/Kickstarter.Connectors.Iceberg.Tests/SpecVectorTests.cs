using System.Text;
using Kickstarter.Connectors.Iceberg.Spec;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests;

/// <summary>Test vectors of the spec's Appendix B (hashes), transform examples and Appendix D (single-value bytes).</summary>
public sealed class SpecVectorTests
{
    [Fact]
    public void Murmur3MatchesAppendixBVectors()
    {
        Assert.Equal(2017239379, Murmur3.Hash(34, IcebergType.Int));
        Assert.Equal(2017239379, Murmur3.Hash(34L, IcebergType.Long));
        Assert.Equal(-500754589, Murmur3.Hash(14.20m, IcebergType.Decimal(9, 2)));
        Assert.Equal(-653330422, Murmur3.Hash(new DateOnly(2017, 11, 16), IcebergType.Date));
        Assert.Equal(-662762989, Murmur3.Hash(new TimeOnly(22, 31, 8), IcebergType.Time));
        Assert.Equal(-2047944441, Murmur3.Hash(new DateTime(2017, 11, 16, 22, 31, 8), IcebergType.Timestamp));
        Assert.Equal(-1207196810, Murmur3.Hash(new DateTime(2017, 11, 16, 22, 31, 8).AddTicks(10), IcebergType.Timestamp));
        Assert.Equal(-2047944441, Murmur3.Hash(new DateTimeOffset(2017, 11, 16, 14, 31, 8, TimeSpan.FromHours(-8)), IcebergType.TimestampTz));
        Assert.Equal(-1207196810, Murmur3.Hash(new DateTimeOffset(2017, 11, 16, 14, 31, 8, TimeSpan.FromHours(-8)).AddTicks(10), IcebergType.TimestampTz));
        Assert.Equal(1210000089, Murmur3.Hash("iceberg", IcebergType.String));
        Assert.Equal(1488055340, Murmur3.Hash(Guid.Parse("f79c3e09-677c-4bbd-a479-3f349cb785e7"), IcebergType.Uuid));
        Assert.Equal(-188683207, Murmur3.Hash(new byte[] { 0, 1, 2, 3 }, IcebergType.Binary));
        Assert.Equal(-188683207, Murmur3.Hash(new byte[] { 0, 1, 2, 3 }, IcebergType.Fixed(4)));
        Assert.Equal(1392991556, Murmur3.Hash(true, IcebergType.Boolean));
        Assert.Equal(-142385009, Murmur3.Hash(1.0, IcebergType.Double));
        Assert.Equal(-142385009, Murmur3.Hash(1.0f, IcebergType.Float));
        Assert.Equal(1669671676, Murmur3.Hash(0.0, IcebergType.Double));
        Assert.Equal(1669671676, Murmur3.Hash(-0.0, IcebergType.Double));
    }

    [Fact]
    public void BucketDiscardsTheSignBitThenTakesTheModulus()
    {
        // (1210000089 & int.MaxValue) % 16 = 9; (-653330422 & int.MaxValue) % 16 = 10.
        Assert.Equal(1210000089 % 16, Transform.Bucket(16).Apply("iceberg", IcebergType.String));
        Assert.Equal((-653330422 & int.MaxValue) % 16, Transform.Bucket(16).Apply(new DateOnly(2017, 11, 16), IcebergType.Date));
        Assert.Equal((-500754589 & int.MaxValue) % 100, Transform.Bucket(100).Apply(14.20m, IcebergType.Decimal(9, 2)));
        Assert.Null(Transform.Bucket(16).Apply(null, IcebergType.String));
    }

    [Fact]
    public void TruncateFollowsTheSpecExamples()
    {
        Assert.Equal(0, Transform.Truncate(10).Apply(1, IcebergType.Int));
        Assert.Equal(-10, Transform.Truncate(10).Apply(-1, IcebergType.Int));
        Assert.Equal(-10L, Transform.Truncate(10).Apply(-1L, IcebergType.Long));
        Assert.Equal(10.50m, Transform.Truncate(50).Apply(10.65m, IcebergType.Decimal(9, 2)));
        Assert.Equal("ice", Transform.Truncate(3).Apply("iceberg", IcebergType.String));
        // Code points, not UTF-16 units: the emoji is one code point of two chars.
        Assert.Equal("a\U0001F600b", Transform.Truncate(3).Apply("a\U0001F600bc", IcebergType.String));
        Assert.Equal(new byte[] { 1, 2, 3 }, Transform.Truncate(3).Apply(new byte[] { 1, 2, 3, 4, 5 }, IcebergType.Binary));
    }

    [Fact]
    public void DateTransformsCountFromTheEpoch()
    {
        var ts = new DateTimeOffset(2017, 11, 16, 22, 31, 8, TimeSpan.Zero);
        Assert.Equal(47, Transform.Year.Apply(ts, IcebergType.TimestampTz));
        Assert.Equal((47 * 12) + 10, Transform.Month.Apply(ts, IcebergType.TimestampTz));
        Assert.Equal(new DateOnly(2017, 11, 16), Transform.Day.Apply(ts, IcebergType.TimestampTz));
        Assert.Equal(17486 * 24 + 22, Transform.Hour.Apply(ts, IcebergType.TimestampTz));
        Assert.Equal(-1, Transform.Year.Apply(new DateOnly(1969, 12, 31), IcebergType.Date));
        Assert.Equal(-1, Transform.Hour.Apply(new DateTimeOffset(1969, 12, 31, 23, 59, 0, TimeSpan.Zero), IcebergType.TimestampTz));
        Assert.Null(Transform.Void.Apply("x", IcebergType.String));
        Assert.Equal("2017-11", Transform.Month.ToHumanString((47 * 12) + 10, IcebergType.Int));
        Assert.Equal("2017-11-16-22", Transform.Hour.ToHumanString(17486 * 24 + 22, IcebergType.Int));
    }

    [Fact]
    public void SingleValueSerializationFollowsAppendixD()
    {
        Assert.Equal(new byte[] { 0x22, 0, 0, 0 }, SingleValue.ToBytes(34, IcebergType.Int));
        Assert.Equal(new byte[] { 0x22, 0, 0, 0, 0, 0, 0, 0 }, SingleValue.ToBytes(34L, IcebergType.Long));
        Assert.Equal(new byte[] { 1 }, SingleValue.ToBytes(true, IcebergType.Boolean));
        Assert.Equal(new byte[] { 0 }, SingleValue.ToBytes(false, IcebergType.Boolean));
        Assert.Equal(BitConverter.GetBytes(1.5), SingleValue.ToBytes(1.5, IcebergType.Double));
        Assert.Equal(BitConverter.GetBytes(1.5f), SingleValue.ToBytes(1.5f, IcebergType.Float));
        Assert.Equal(Encoding.UTF8.GetBytes("iceberg"), SingleValue.ToBytes("iceberg", IcebergType.String));
        Assert.Equal(new byte[] { 0x05, 0x8C }, SingleValue.ToBytes(14.20m, IcebergType.Decimal(10, 2))); // 1420
        Assert.Equal(new byte[] { 0xFA, 0x74 }, SingleValue.ToBytes(-14.20m, IcebergType.Decimal(10, 2))); // -1420
        Assert.Equal(BitConverter.GetBytes(17486), SingleValue.ToBytes(new DateOnly(2017, 11, 16), IcebergType.Date));
        var micros = 1510871468000000L;
        Assert.Equal(BitConverter.GetBytes(micros), SingleValue.ToBytes(new DateTimeOffset(2017, 11, 16, 22, 31, 8, TimeSpan.Zero), IcebergType.TimestampTz));
        Assert.Equal(
            Convert.FromHexString("F79C3E09677C4BBDA4793F349CB785E7"),
            SingleValue.ToBytes(Guid.Parse("f79c3e09-677c-4bbd-a479-3f349cb785e7"), IcebergType.Uuid));
    }

    [Theory]
    [InlineData("decimal(10,2)")]
    [InlineData("string")]
    [InlineData("timestamptz")]
    [InlineData("fixed[16]")]
    public void TypeStringsRoundTrip(string text) => Assert.Equal(text, IcebergType.Parse(text).ToString());

    [Fact]
    public void SingleValuesReadBackToTheWrittenValue()
    {
        Assert.Equal(12345.67m, SingleValue.FromBytes(SingleValue.ToBytes(12345.67m, IcebergType.Decimal(10, 2)), IcebergType.Decimal(10, 2)));
        Assert.Equal(-0.01m, SingleValue.FromBytes(SingleValue.ToBytes(-0.01m, IcebergType.Decimal(10, 2)), IcebergType.Decimal(10, 2)));
        Assert.Equal("ü", SingleValue.FromBytes(SingleValue.ToBytes("ü", IcebergType.String), IcebergType.String));
        Assert.True(SingleValue.Compare(-0.0, 0.0, IcebergType.Double) < 0);
        // Strings order by code point: U+FFFD sorts before U+1F600 although its UTF-16 unit is larger.
        Assert.True(SingleValue.Compare("\uFFFD", "\U0001F600", IcebergType.String) < 0);
    }
}
