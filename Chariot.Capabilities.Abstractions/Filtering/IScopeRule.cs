using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Filtering;

/// <summary>A named rule that puts an asset out of scope; the <see cref="VmFilter"/> drops the asset and the risks on it.</summary>
public interface IScopeRule
{
    /// <summary>The rule's name, used in logs, counts and the README.</summary>
    string Name { get; }

    /// <summary>Why the asset is out of scope, or null when it is in scope.</summary>
    string? Excludes(Asset asset);
}
