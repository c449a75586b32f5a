using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Chariot.Capabilities.Defender.Testing.Identity;

/// <summary>Issues opaque tokens and remembers what they mean, so APIs can check audience, roles, expiry and revocation.</summary>
internal sealed class TokenStore
{
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);

    public IssuedToken Issue(string audience, string clientId, IReadOnlySet<string> roles, DateTimeOffset expiresOn)
    {
        // Looks like a JWT's first segment so log scrubbers that key on "eyJ" are exercised, but means nothing.
        var token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var issued = new IssuedToken(token, audience, clientId, roles, expiresOn);
        _tokens[token] = issued;
        return issued;
    }

    public IssuedToken? Find(string accessToken) => _tokens.GetValueOrDefault(accessToken);

    public bool Revoke(string accessToken)
    {
        if (!_tokens.TryGetValue(accessToken, out var token))
        {
            return false;
        }

        token.IsRevoked = true;
        return true;
    }

    public int RevokeAll()
    {
        var count = 0;
        foreach (var token in _tokens.Values.Where(token => !token.IsRevoked))
        {
            token.IsRevoked = true;
            count++;
        }

        return count;
    }
}
