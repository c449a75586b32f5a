using Chariot.Capabilities.Models;
using Microsoft.Extensions.Logging;

namespace Chariot.Capabilities.Filtering;

/// <summary>
/// The filter vulnerability-manager integrations apply, as explicit named rules (Chariot's own <c>VMFilter</c> is private):
/// <list type="bullet">
/// <item><c>invalid-key</c> (always): a model whose key breaks tabularium's pattern is dropped, with the reason logged.</item>
/// <item><c>duplicate</c> (always): a key already sent in this job is dropped.</item>
/// <item><c>asset-dropped</c> (always): a risk on a host whose every asset was dropped is dropped too.</item>
/// <item>scope rules from <see cref="VmFilterOptions"/> (off by default): <c>non-routable-address</c>, <c>cloud-range</c>.</item>
/// </list>
/// One instance serves one job. It is not thread-safe: the <see cref="Emission.ResultEmitter"/> calls it one model at a time.
/// Dispose it when the job ends: past 98,304 keys sent, or 8,192 hosts kept, it keeps them in temporary files.
/// </summary>
public sealed partial class VmFilter : IFilter, ISentKeys, IDisposable
{
    /// <summary>Rule name: the key breaks its pattern.</summary>
    public const string InvalidKeyRule = "invalid-key";

    /// <summary>Rule name: the key was already sent in this job.</summary>
    public const string DuplicateRule = "duplicate";

    /// <summary>Rule name: the risk's host had its assets dropped.</summary>
    public const string AssetDroppedRule = "asset-dropped";

    private readonly IReadOnlyList<IScopeRule> _scopeRules;
    private readonly ILogger _logger;
    private readonly KeySet _sentKeys = new();
    // Hosts with an asset sent, as fingerprints of their upper-case form (what OrdinalIgnoreCase compares): one entry a
    // device, so a few bytes each instead of the name. Asked only for a risk on a host that also had an asset dropped
    // (rare), so past KeptHostsInMemory they wait on disk: a 100,000-device tenant kept 2 MB of them in memory.
    private readonly KeySet _keptHosts = new(KeptHostsInMemory, Path.GetTempPath());
    private readonly HashSet<string> _droppedHosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long> _dropped = new(StringComparer.Ordinal);

    /// <summary>How many kept hosts' fingerprints stay in memory before they are written to a run on disk.</summary>
    internal const int KeptHostsInMemory = 8192;

    /// <summary>Slots the kept hosts take in memory (12 bytes each), and bytes for those on disk.</summary>
    internal long KeptHostsMemoryBytes => _keptHosts.MemoryBytes;

    /// <summary>Creates the filter with the given options.</summary>
    public VmFilter(VmFilterOptions options, ILogger<VmFilter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _scopeRules = options.ScopeRules();
        _logger = logger;
    }

    /// <summary>The rules in force, in the order they are applied.</summary>
    public IReadOnlyList<string> Rules =>
        [InvalidKeyRule, .. _scopeRules.Select(r => r.Name), AssetDroppedRule, DuplicateRule];

    /// <summary>How many models each rule dropped so far.</summary>
    public IReadOnlyDictionary<string, long> Dropped => _dropped;

    /// <summary>Closes the temporary files holding the keys sent (the filter is not used after).</summary>
    public void Dispose()
    {
        _sentKeys.Dispose();
        _keptHosts.Dispose();
    }

    /// <inheritdoc />
    bool ISentKeys.WasSent(string key) => _sentKeys.Contains(key);

    /// <inheritdoc />
    public bool DropAsset(ref Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        if (asset.KeyProblem() is { } problem)
        {
            LogInvalidKey(asset.TypeName, problem);
            return DropHost(asset.Dns, InvalidKeyRule);
        }

        foreach (var rule in _scopeRules)
        {
            if (rule.Excludes(asset) is { } reason)
            {
                LogOutOfScope(asset.Key, rule.Name, reason);
                return DropHost(asset.Dns, rule.Name);
            }
        }

        if (!_sentKeys.Add(asset.Key))
        {
            return Drop(DuplicateRule);
        }

        _keptHosts.Add(asset.Dns.ToUpperInvariant());
        return false;
    }

    /// <inheritdoc />
    public bool DropRisk(ref Risk risk)
    {
        ArgumentNullException.ThrowIfNull(risk);
        if (risk.KeyProblem() is { } problem)
        {
            LogInvalidKey(risk.TypeName, problem);
            return Drop(InvalidKeyRule);
        }

        if (_droppedHosts.Contains(risk.Dns) && !_keptHosts.Contains(risk.Dns.ToUpperInvariant()))
        {
            LogRiskOnDroppedHost(risk.Name, risk.Dns);
            return Drop(AssetDroppedRule);
        }

        return !_sentKeys.Add(risk.Key) && Drop(DuplicateRule);
    }

    private bool DropHost(string dns, string rule)
    {
        _droppedHosts.Add(dns);
        return Drop(rule);
    }

    private bool Drop(string rule)
    {
        _dropped[rule] = _dropped.GetValueOrDefault(rule) + 1;
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a {Type} with an invalid key: {Problem}")]
    private partial void LogInvalidKey(string type, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped risk {Name} on {Dns} by rule asset-dropped: every asset of the host was dropped")]
    private partial void LogRiskOnDroppedHost(string name, string dns);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped {Key} by rule {Rule}: {Reason}")]
    private partial void LogOutOfScope(string key, string rule, string reason);
}
