using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace Kickstarter.Silo.Configuration.Aws;

/// <summary>Registers the AWS configuration source and its refresher.</summary>
public static class AwsConfigurationHosting
{
    /// <summary>
    /// When <c>Aws:ServiceAccountUser</c> (or <c>SERVICE_ACCOUNT_USER</c>) is set, reads the user's secrets and
    /// parameters now and adds them to <paramref name="configuration"/>: over appsettings and environment variables,
    /// under the command line (so one <c>--Kafka:Properties:...</c> switch can still override a value). Returns the
    /// options, or null when no user is set. Throws <see cref="StartupException"/> naming the setting, secret or path.
    /// </summary>
    public static AwsConfigurationOptions? AddConfluentCloudFromAws(this IConfigurationManager configuration)
    {
        var options = AwsConfigurationOptions.From(configuration);
        if (!options.IsEnabled)
        {
            return null;
        }

        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new StartupException(string.Join(Environment.NewLine, problems));
        }

        var source = new AwsConfigurationSource(options);
        var sources = configuration.Sources;
        var commandLine = sources.ToList().FindLastIndex(s => s is CommandLineConfigurationSource);
        if (commandLine >= 0)
        {
            sources.Insert(commandLine, source);
        }
        else
        {
            sources.Add(source);
        }

        return options;
    }

    /// <summary>Re-reads the AWS settings every <c>Aws:RefreshInterval</c> while the host runs.</summary>
    public static IServiceCollection AddAwsConfigurationRefresh(this IServiceCollection services)
        => services.AddHostedService<AwsConfigurationRefresher>();
}
