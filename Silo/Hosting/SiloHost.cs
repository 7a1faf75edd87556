using System.Net;
using Kickstarter.Connectors.Kafka.Options;
using Kickstarter.Silo.Configuration;
using Kickstarter.Silo.Configuration.Aws;
using Kickstarter.Silo.Generator;
using Kickstarter.Silo.Health;
using Kickstarter.Silo.Http;
using Kickstarter.Silo.Kafka;
using Kickstarter.Silo.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;

namespace Kickstarter.Silo.Hosting;

/// <summary>Builds the silo process: settings, Kafka, Orleans, HTTP and the jobs.</summary>
public static class SiloHost
{
    public static async Task<WebApplication> BuildAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = CommandLine.Normalize(args),
            ContentRootPath = AppContext.BaseDirectory, // appsettings.json ships beside the binary
        });
        StartupValidation.RejectRetiredSettings(builder.Configuration);
        var aws = builder.Configuration.AddConfluentCloudFromAws(); // reads AWS now: a bad secret stops start-up here
        var settings = Bind(builder.Configuration);
        StartupValidation.Validate(settings);
        await StartupValidation.ProbeWarehouseAsync(settings); // a missing bucket or a dead catalog stops start-up here

        var (kafka, embedded, registry, schemaRegistry) = await KafkaSetup.ConnectAsync(settings.Kafka, settings.SchemaRegistry);
        var services = builder.Services;
        if (embedded is not null)
        {
            services.AddSingleton(embedded); // disposed with the host
        }

        if (registry is not null)
        {
            services.AddSingleton(registry); // disposed with the host
        }

        services.AddSingleton(kafka);
        services.AddSingleton(schemaRegistry);
        services.AddSingleton<KafkaCredentialRotation>();
        // The stream provider's consumers and dead-letter producer and the committers' transactional producers take
        // rotated keys through this (the generator's producer uses KafkaCredentialRotation directly).
        services.AddSingleton<IKafkaCredentialSource>(provider => provider.GetRequiredService<KafkaCredentialRotation>());
        if (aws is not null)
        {
            services.AddAwsConfigurationRefresh();
        }

        builder.AddKickstarterTelemetry();
        services.AddSingleton(TimeProvider.System);
        services.AddKickstarterHealth();
        services.AddSiloOptions();
        builder.UseOrleans(silo => SiloSetup.Configure(silo, settings, kafka, schemaRegistry, builder.Configuration));
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse(settings.Http.BindAddress), settings.Http.Port));

        if (settings.Kickstarter.Runs(JobNames.Generator))
        {
            services.AddSingleton<GeneratorService>();
            services.AddHostedService(sp => sp.GetRequiredService<GeneratorService>());
        }

        services.AddHostedService<StartupBanner>();
        services.AddHostedService<JobSupervisor>();

        var app = builder.Build();
        app.MapKickstarterEndpoints();
        app.MapKickstarterTelemetry();
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        return app;
    }

    /// <summary>Binds every section; a value of the wrong type stops start-up with the setting's path.</summary>
    public static SiloSettings Bind(IConfiguration configuration)
    {
        try
        {
            var kickstarter = configuration.GetSection(KickstarterOptions.Section).Get<KickstarterOptions>() ?? new();
            kickstarter.ReadJobs(configuration);
            return new SiloSettings(
                kickstarter,
                configuration.GetSection(KafkaOptions.Section).Get<KafkaOptions>() ?? new(),
                configuration.GetSection(IcebergOptions.Section).Get<IcebergOptions>() ?? new(),
                configuration.GetSection(HttpOptions.Section).Get<HttpOptions>() ?? new(),
                configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new(),
                configuration.GetSection(MembershipOptions.Section).Get<MembershipOptions>() ?? new(),
                configuration.GetSection(OrleansOptions.Section).Get<OrleansOptions>() ?? new(),
                configuration.GetSection(GeneratorOptions.Section).Get<GeneratorOptions>() ?? new(),
                configuration.GetSection(SchemaRegistryOptions.Section).Get<SchemaRegistryOptions>() ?? new());
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the path, e.g. "Failed to convert configuration value at 'Generator:RatePerSecond'".
            throw new StartupException(ex.Message);
        }
    }
}
