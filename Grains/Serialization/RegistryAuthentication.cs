using System.Net.Http.Headers;
using System.Text;
using Confluent.SchemaRegistry;

namespace Kickstarter.Grains.Serialization;

/// <summary>
/// The Schema Registry's basic-auth header, built from the key current at each request: a key rotated in the
/// configuration (<c>SchemaRegistry:BasicAuthUserInfo</c>, re-read from AWS) is used from the next request on, with no
/// new registry client and no restart. No key, no header.
/// </summary>
internal sealed class RegistryAuthentication(Func<string> currentUserInfo) : IAuthenticationHeaderValueProvider
{
    public AuthenticationHeaderValue? GetAuthenticationHeader()
    {
        var userInfo = currentUserInfo();
        return string.IsNullOrEmpty(userInfo)
            ? null
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));
    }
}
