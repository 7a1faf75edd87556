using Kickstarter.Silo.Configuration;
using Kickstarter.Silo.Hosting;

namespace Kickstarter.UnitTests;

public class SiloHelpTests
{
    [Theory]
    [InlineData("--duration")]
    [InlineData("--jobs")]
    [InlineData("--apps")]
    [InlineData("--service-account-user")]
    [InlineData("--warehouse")]
    [InlineData("--http-port")]
    [InlineData("--health-check")]
    [InlineData("--help")]
    [InlineData("embedded-kafka")]
    [InlineData("--bootstrap-file")]
    [InlineData("--partitions")]
    [InlineData("--brokers")]
    public void HelpListsEverySwitch(string switchName)
    {
        Assert.Contains(switchName, HelpText.Build());
    }

    [Theory]
    [InlineData("Kafka:BootstrapServers")]
    [InlineData("Generator:RatePerSecond")]
    [InlineData("Committer:CommitInterval")]
    [InlineData("Storage:Provider")]
    [InlineData("Http:BindAddress")]
    [InlineData("Membership:Provider")]
    public void HelpListsTheMostUsedSettings(string setting)
    {
        Assert.Contains(setting, HelpText.Build());
    }

    [Fact]
    public void HelpLinesFitATerminal()
    {
        var tooLong = HelpText.Build().Split('\n').Where(l => l.Length > 120).ToList();
        Assert.Empty(tooLong);
    }

    [Fact]
    public void EveryValueSwitchInTheHelpBecomesTheSettingItNames()
    {
        // The value switches of the help text, each given a value: each must come out as the setting the help names,
        // or the help would promise a switch the silo ignores.
        var normalized = CommandLine.Normalize(
        [
            "--duration", "30s", "--jobs", "Generator", "--warehouse", "/w", "--http-port", "9", "--service-account-user", "ops",
            "--apps", "FlyerStats",
        ]);
        Assert.Equal(
            [
                "--Kickstarter:Duration=00:00:30", "--Kickstarter:Jobs:0=Generator", "--Iceberg:Warehouse=/w", "--Http:Port=9",
                "--Aws:ServiceAccountUser=ops", "--Kickstarter:Apps:0=FlyerStats",
            ],
            normalized);
        var help = HelpText.Build();
        foreach (var setting in new[] { "Kickstarter:Duration", "Kickstarter:Jobs", "Iceberg:Warehouse", "Http:Port", "Aws:ServiceAccountUser" })
        {
            Assert.Contains($"Setting {setting}.", help);
        }

        Assert.Contains("The old name --apps (Kickstarter:Apps) is still read.", help);
    }

    [Theory]
    [InlineData("--help", true)]
    [InlineData("-h", true)]
    [InlineData("-?", true)]
    [InlineData("--HELP", true)]
    [InlineData("--helpful", false)]
    [InlineData("--Generator:Seed=42", false)]
    public void AsksForHelpRecognisesTheHelpSwitchesOnly(string arg, bool expected)
    {
        Assert.Equal(expected, CommandLine.AsksForHelp(["--duration", "5s", arg]));
    }

    [Theory]
    [InlineData("0.0.0.0", 8080, "http://127.0.0.1:8080/health/live")]
    [InlineData("127.0.0.1", 9090, "http://127.0.0.1:9090/health/live")]
    [InlineData("::", 8080, "http://[::1]:8080/health/live")]
    [InlineData("10.1.2.3", 8080, "http://10.1.2.3:8080/health/live")]
    public void HealthCheckAsksTheLiveProbeOnTheAddressTheSiloListensOn(string bindAddress, int port, string expected)
    {
        Assert.Equal(new Uri(expected), HealthCheckCommand.LiveUrl(new HttpOptions { BindAddress = bindAddress, Port = port }));
    }
}
