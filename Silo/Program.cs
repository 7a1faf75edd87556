using Kickstarter.Silo.Hosting;
using Kickstarter.Silo.Kafka;

if (args.Length > 0 && args[0] == EmbeddedKafkaCommand.Name)
{
    return await EmbeddedKafkaCommand.RunAsync(args[1..]);
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
