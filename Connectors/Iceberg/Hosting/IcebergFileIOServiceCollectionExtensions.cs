using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kickstarter.Connectors.Iceberg.Hosting;

/// <summary>
/// Registers the Iceberg file IOs: <see cref="S3FileIOOptions"/> from <c>Iceberg:S3</c> and a <see cref="FileIOResolver"/>.
/// </summary>
public static class IcebergFileIOServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="S3FileIOOptions"/> to the <c>Iceberg:S3</c> section, validated at start-up (a broken setting
    /// stops the host with a message naming it), and registers one <see cref="FileIOResolver"/> for the process.
    /// </summary>
    public static IServiceCollection AddIcebergFileIO(this IServiceCollection services)
    {
        services.AddOptions<S3FileIOOptions>().BindConfiguration(S3FileIOOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3FileIOOptions>, S3FileIOOptionsValidator>());
        services.TryAddSingleton(sp => new FileIOResolver(sp.GetRequiredService<IOptions<S3FileIOOptions>>().Value));
        return services;
    }

    /// <summary>
    /// As <see cref="AddIcebergFileIO(IServiceCollection)"/>, with the S3 settings bound from <paramref name="section"/>
    /// (an <c>Iceberg:S3</c> section of a configuration the host's own does not hold, as test clusters pass).
    /// </summary>
    public static IServiceCollection AddIcebergFileIO(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<S3FileIOOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3FileIOOptions>, S3FileIOOptionsValidator>());
        services.TryAddSingleton(sp => new FileIOResolver(sp.GetRequiredService<IOptions<S3FileIOOptions>>().Value));
        return services;
    }
}
