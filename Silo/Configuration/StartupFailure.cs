using Kickstarter.Connectors.DynamoDB;
using Microsoft.Extensions.Options;

namespace Kickstarter.Silo.Configuration;

/// <summary>
/// Recognises a configuration failure, whoever found it: our <see cref="StartupException"/>, an Orleans provider's
/// validator (<see cref="OrleansConfigurationException"/>, thrown while the silo starts) or an options validator
/// (<see cref="OptionsValidationException"/>, from <c>ValidateOnStart</c>, one per options type that failed) or a
/// storage that cannot reach its table (<see cref="DynamoDBStorageUnavailableException"/>), however deeply wrapped.
/// Anything else is a bug or an outage, not bad configuration, and keeps its stack trace.
/// </summary>
public static class StartupFailure
{
    /// <summary>The failure as one line, or null when <paramref name="error"/> is not a configuration failure.</summary>
    public static string? Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        foreach (var cause in Causes(error))
        {
            switch (cause)
            {
                case StartupException startup:
                    return OneLine(startup.Message);
                case OrleansConfigurationException orleans:
                    return OneLine(orleans.Message);
                case OptionsValidationException options:
                    return OneLine(string.Join(" ", options.Failures));
                // ValidateOnStart gathers every options type that failed into one aggregate: all of them, on one line.
                case AggregateException aggregate when aggregate.Flatten().InnerExceptions is { Count: > 0 } inner
                                                       && inner.All(exception => exception is OptionsValidationException):
                    return OneLine(string.Join(" ", inner.SelectMany(exception => ((OptionsValidationException)exception).Failures)));
                case DynamoDBStorageUnavailableException storage:
                    return OneLine($"Storage:DynamoDB (ServiceUrl, Region, TableName, credentials): {storage.Message}");
            }
        }

        return null;
    }

    private static IEnumerable<Exception> Causes(Exception error)
    {
        var pending = new Stack<Exception>([error]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    private static string OneLine(string message) =>
        string.Join(" ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
