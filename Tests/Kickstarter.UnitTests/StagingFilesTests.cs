using System.Text;
using Kickstarter.Connectors.Iceberg.Spec;
using Kickstarter.Connectors.Kafka.Producing;
using Kickstarter.Grains.Sinks;

namespace Kickstarter.UnitTests;

public class StagingFilesTests
{
    [Fact]
    public void KafkaBatchFileRoundTripsRecordsInOrder()
    {
        List<OutputRecord> records =
        [
            new("airline.flight", "A@email.com", Encoding.UTF8.GetBytes("{\"x\":1}"), 1_700_000_000_000),
            new("airline.flyer_stats", "Ü@email.com", [], -1),
            new("airline.flight", "", Encoding.UTF8.GetBytes(new string('z', 70_000)), 0),
        ];
        var back = KafkaBatchFile.Read(KafkaBatchFile.Write(records));
        Assert.Equal(records.Count, back.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(records[i].Topic, back[i].Topic);
            Assert.Equal(records[i].Key, back[i].Key);
            Assert.Equal(records[i].Value, back[i].Value);
            Assert.Equal(records[i].TimestampMs, back[i].TimestampMs);
        }
    }

    [Fact]
    public void KafkaBatchFileRejectsForeignBytes() =>
        Assert.Throws<InvalidDataException>(() => KafkaBatchFile.Read(Encoding.UTF8.GetBytes("PAR1 not a batch")));

    [Fact]
    public void DataFileSurvivesTheStagingManifest()
    {
        var file = new DataFile
        {
            FilePath = "/w/t/data/x.parquet",
            Partition = ["2026-05", 7, null],
            RecordCount = 12,
            FileSizeInBytes = 3456,
            ColumnSizes = new Dictionary<int, long> { [1] = 100 },
            ValueCounts = new Dictionary<int, long> { [1] = 12 },
            NullValueCounts = new Dictionary<int, long> { [1] = 0 },
            LowerBounds = new Dictionary<int, byte[]> { [1] = [1, 2] },
            UpperBounds = new Dictionary<int, byte[]> { [1] = [3, 4] },
        };
        var manifest = new StagingManifest { Job = "j", Epoch = 3, Tables = { ["t"] = [DataFileJson.ToDto(file)] } };
        var back = DataFileJson.FromDto(StagingJson.Deserialize(StagingJson.Serialize(manifest)).Tables["t"].Single());
        Assert.Equal(file.FilePath, back.FilePath);
        Assert.Equal(new object?[] { "2026-05", 7, null }, back.Partition);
        Assert.Equal(12, back.RecordCount);
        Assert.Equal(3456, back.FileSizeInBytes);
        Assert.Equal(new byte[] { 1, 2 }, back.LowerBounds![1]);
        Assert.Equal(new byte[] { 3, 4 }, back.UpperBounds![1]);
        Assert.Equal(100, back.ColumnSizes![1]);
    }
}
