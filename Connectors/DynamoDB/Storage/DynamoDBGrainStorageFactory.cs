using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kickstarter.Connectors.DynamoDB;

/// <summary>Creates the named provider with its named options, like Orleans' own storage factories.</summary>
internal static class DynamoDBGrainStorageFactory
{
    public static DynamoDBGrainStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<DynamoDBStorageOptions>>().Get(name);
        return ActivatorUtilities.CreateInstance<DynamoDBGrainStorage>(services, name, options);
    }
}
