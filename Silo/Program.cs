using Kickstarter.Silo.Configuration;
using Kickstarter.Silo.Hosting;
using Kickstarter.Silo.Kafka;

// Help and the health check answer before anything starts: no Kafka, no Orleans, no HTTP listener of our own.
if (CommandLine.AsksForHelp(args))
{
    Console.Write(HelpText.Build());
    return 0;
}

if (args.Length > 0 && args[0] == EmbeddedKafkaCommand.Name)
{
    return await EmbeddedKafkaCommand.RunAsync(args[1..]);
}

if (args.Contains(HealthCheckCommand.Name, StringComparer.OrdinalIgnoreCase))
{
    return await HealthCheckCommand.RunAsync(args);
}

try
{
    var app = await SiloHost.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (StartupException ex)
{
    await Console.Error.WriteLineAsync($"Kickstarter cannot start: {ex.Message}");
    return 2;
}
