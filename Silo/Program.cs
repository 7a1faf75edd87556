using Kickstarter.Silo.Configuration;
using Kickstarter.Silo.Hosting;
using Kickstarter.Silo.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

if (args.Length > 0 && args[0] == EmbeddedKafkaCommand.Name)
{
    return await EmbeddedKafkaCommand.RunAsync(args[1..]);
}

WebApplication app;
try
{
    app = await SiloHost.BuildAsync(args);
    await app.StartAsync();
}
catch (Exception ex) when (StartupFailure.Describe(ex) is { } message)
{
    // Ours or a provider's (Orleans' IConfigurationValidator, ValidateOnStart, a storage that cannot start): one line
    // naming the setting, exit code 2. The host has already logged the details.
    await Console.Error.WriteLineAsync($"Kickstarter cannot start: {message}");
    return 2;
}

await app.WaitForShutdownAsync();
return 0;
