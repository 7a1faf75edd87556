using Kickstarter.Silo.Generator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kickstarter.Silo.Configuration;

/// <summary>
/// The silo's own settings, each section as options with its validator: <c>AddOptions&lt;T&gt;().BindConfiguration(section)
/// .ValidateOnStart()</c>, the pattern the connectors and the jobs use too. The same validators run once more, on the
/// settings bound before the host is built (<see cref="Failures"/>), because Kafka, Kestrel and Orleans are set up
/// from those settings before <c>ValidateOnStart</c> would run.
/// </summary>
public static class SiloOptionsRegistration
{
    /// <summary>Registers every section of <see cref="SiloSettings"/>, bound from the host's configuration.</summary>
    public static IServiceCollection AddSiloOptions(this IServiceCollection services)
    {
        Add<KickstarterOptions, KickstarterOptionsValidator>(services, KickstarterOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ReadJobs(configuration));
        Add<KafkaOptions, KafkaOptionsValidator>(services, KafkaOptions.Section);
        Add<IcebergOptions, IcebergOptionsValidator>(services, IcebergOptions.Section);
        Add<HttpOptions, HttpOptionsValidator>(services, HttpOptions.Section);
        Add<StorageOptions, StorageOptionsValidator>(services, StorageOptions.Section);
        Add<MembershipOptions, MembershipOptionsValidator>(services, MembershipOptions.Section);
        Add<OrleansOptions, OrleansOptionsValidator>(services, OrleansOptions.Section);
        Add<GeneratorOptions, GeneratorOptionsValidator>(services, GeneratorOptions.Section);
        return services;
    }

    /// <summary>What the validators registered above say of <paramref name="settings"/>, in section order.</summary>
    public static IReadOnlyList<string> Failures(SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return
        [
            .. Check(new KickstarterOptionsValidator(), settings.Kickstarter),
            .. Check(new KafkaOptionsValidator(), settings.Kafka),
            .. Check(new IcebergOptionsValidator(), settings.Iceberg),
            .. Check(new HttpOptionsValidator(), settings.Http),
            .. Check(new StorageOptionsValidator(), settings.Storage),
            .. Check(new MembershipOptionsValidator(), settings.Membership),
            .. Check(new OrleansOptionsValidator(), settings.Orleans),
            .. Check(new GeneratorOptionsValidator(), settings.Generator),
        ];
    }

    private static OptionsBuilder<TOptions> Add<TOptions, TValidator>(IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }

    private static IEnumerable<string> Check<TOptions>(IValidateOptions<TOptions> validator, TOptions options)
        where TOptions : class =>
        validator.Validate(Options.DefaultName, options) is { Failed: true, Failures: { } failures } ? failures : [];
}
