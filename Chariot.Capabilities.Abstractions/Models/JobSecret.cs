using System.Collections;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Chariot.Capabilities.Json;

namespace Chariot.Capabilities.Models;

/// <summary>
/// A job's credentials (<c>job.secret</c>). The values are readable only through the indexer and
/// <see cref="TryGetValue"/>: <see cref="ToString"/>, the debugger and serialization never show them.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
[JsonConverter(typeof(JobSecretConverter))]
[SuppressMessage("Naming", "CA1710", Justification = "Named after Chariot's job.secret.")]
public sealed class JobSecret : IReadOnlyDictionary<string, string>
{
    private const string Mask = "*****";
    private readonly Dictionary<string, string> _values;

    /// <summary>Copies the given credentials.</summary>
    public JobSecret(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, string>(values, StringComparer.Ordinal);
    }

    /// <summary>No credentials.</summary>
    public static JobSecret Empty { get; } = new([]);

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>Not enumerable: read values by key, so a stray loop cannot print them.</summary>
    IEnumerable<string> IReadOnlyDictionary<string, string>.Values => throw new NotSupportedException("Read secret values by key.");

    /// <summary>The value at <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The secret has no such key (the message names the key, never a value).</exception>
    public string this[string key] =>
        _values.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The job secret has no '{key}'.");

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => _values.TryGetValue(key, out value);

    /// <summary>The value at <paramref name="key"/> when it is present and not blank; otherwise null.</summary>
    public string? GetValueOrNull(string key) =>
        _values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>Keys with masked values, as tabularium's <c>Job.String()</c> shows them.</summary>
    public override string ToString() =>
        "{" + string.Join(", ", _values.Keys.Order(StringComparer.Ordinal).Select(k => $"{k} = {Mask}")) + "}";

    /// <summary>Enumerates keys with masked values; read real values by key.</summary>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() =>
        _values.Keys.Select(k => new KeyValuePair<string, string>(k, Mask)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Every value, for redaction only: a log or output writer masks each of these.</summary>
    public IReadOnlyCollection<string> ValuesForRedaction() => ValuesForRedaction([]);

    /// <summary>
    /// The values to mask, except those of <paramref name="plainKeys"/>: identifiers a capability shows in plain text
    /// (a tenant or client id), which results may legitimately carry.
    /// </summary>
    public IReadOnlyCollection<string> ValuesForRedaction(IEnumerable<string> plainKeys)
    {
        var plain = new HashSet<string>(plainKeys, StringComparer.Ordinal);
        return _values.Where(p => !plain.Contains(p.Key) && !string.IsNullOrEmpty(p.Value)).Select(p => p.Value).ToArray();
    }
}
