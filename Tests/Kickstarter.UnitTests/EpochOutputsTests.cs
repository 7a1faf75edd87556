using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.UnitTests;

public class EpochOutputsTests
{
    [Fact]
    public void MergingKeepsEachOutputsRowsApartAndInOrder()
    {
        var first = new EpochOutputs();
        first.Add("numbers", [new Timed<int>(1, 10), new Timed<int>(2, 20)]);
        first.Add("words", [new Timed<string>(1, "a")]);
        var second = new EpochOutputs();
        second.Add("numbers", [new Timed<int>(3, 30)]);

        var merged = new EpochOutputs();
        merged.Add(first);
        merged.Add(second);

        Assert.Equal([10, 20, 30], merged.Get<int>("numbers").Select(row => row.Row));
        Assert.Equal(["a"], merged.Get<string>("words").Select(row => row.Row));
        Assert.Equal(4, merged.Count);
    }

    [Fact]
    public void MergingCopiesRowsSoTheSourceIsNotChangedLater()
    {
        var source = new EpochOutputs();
        source.Add("numbers", [new Timed<int>(1, 10)]);
        var merged = new EpochOutputs();
        merged.Add(source);

        merged.Add("numbers", [new Timed<int>(2, 20)]);

        Assert.Single(source.Get<int>("numbers"));
    }

    [Fact]
    public void AnOutputWithoutRowsIsLeftOut()
    {
        var outputs = new EpochOutputs();
        outputs.Add("numbers", Array.Empty<Timed<int>>());

        Assert.Empty(outputs.OutputNames);
        Assert.Empty(outputs.Get<int>("numbers"));
    }

    [Fact]
    public void RowsOfAnotherTypeUnderTheSameOutputAreRejected()
    {
        var outputs = new EpochOutputs();
        outputs.Add("numbers", [new Timed<int>(1, 10)]);

        Assert.Throws<InvalidCastException>(() => outputs.Add("numbers", [new Timed<string>(2, "twenty")]));
        Assert.Throws<InvalidCastException>(() => outputs.Get<string>("numbers"));
    }
}
