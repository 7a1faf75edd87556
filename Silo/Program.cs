using Kickstarter.Silo.Configuration;
using Kickstarter.Silo.Hosting;
using Kickstarter.Silo.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

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
return Environment.ExitCode; // 0, or 1 when a --duration run could not drain a job (JobSupervisor)
