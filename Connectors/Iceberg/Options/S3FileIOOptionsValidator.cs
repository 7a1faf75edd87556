using System.Globalization;
using Microsoft.Extensions.Options;

namespace Kickstarter.Connectors.Iceberg.Options;

/// <summary>
/// Checks <see cref="S3FileIOOptions"/>: each message names the setting (<c>Iceberg:S3:PartSizeBytes</c>), the rule and
/// the value found, and never quotes a credential.
/// </summary>
internal sealed class S3FileIOOptionsValidator : IValidateOptions<S3FileIOOptions>
{
    private static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, S3FileIOOptions options)
    {
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every broken rule, one message each; empty when the options are valid.</summary>
    public static List<string> Check(S3FileIOOptions options)
    {
        var failures = new List<string>();
        void Fail(string setting, string rule, object? value) =>
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{S3FileIOOptions.Section}:{setting} {rule}; got '{value}'."));

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            Fail(nameof(options.Region), "must name an AWS region such as 'eu-west-1'", options.Region);
        }

        if (options.ServiceUrl is not null
            && (!Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var url)
                || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            Fail(nameof(options.ServiceUrl), "must be an absolute http or https URL when set", options.ServiceUrl);
        }

        // Both or neither: one without the other is a half-finished configuration, not a request for the default chain.
        if (string.IsNullOrEmpty(options.AccessKey) != string.IsNullOrEmpty(options.SecretKey))
        {
            var given = string.IsNullOrEmpty(options.AccessKey) ? "SecretKey" : "AccessKey";
            failures.Add(
                $"{S3FileIOOptions.Section}:{nameof(options.AccessKey)} and {S3FileIOOptions.Section}:{nameof(options.SecretKey)} " +
                $"must be set together or both left empty (the default AWS credential chain); got only {given}.");
        }

        if (options.PartSizeBytes is < S3FileIOOptions.MinPartSizeBytes or > S3FileIOOptions.MaxPartSizeBytes)
        {
            Fail(nameof(options.PartSizeBytes),
                $"must be between {S3FileIOOptions.MinPartSizeBytes} (5 MiB) and {S3FileIOOptions.MaxPartSizeBytes} (5 GiB), S3's part " +
                    "size limits",
                options.PartSizeBytes);
        }

        if (options.MultipartThresholdBytes is < 1 or > S3FileIOOptions.MaxPartSizeBytes)
        {
            Fail(nameof(options.MultipartThresholdBytes),
                $"must be between 1 and {S3FileIOOptions.MaxPartSizeBytes} (5 GiB, S3's largest single PUT)",
                options.MultipartThresholdBytes);
        }

        if (options.MaxRetries is < 0 or > S3FileIOOptions.MaxRetriesLimit)
        {
            Fail(nameof(options.MaxRetries), $"must be between 0 and {S3FileIOOptions.MaxRetriesLimit}", options.MaxRetries);
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > MaxRequestTimeout)
        {
            Fail(nameof(options.RequestTimeout), "must be greater than zero and at most 1 hour", options.RequestTimeout);
        }

        return failures;
    }
}
