namespace Chariot.Capabilities.Filtering;

/// <summary>
/// A filter that remembers every key it let through: the <see cref="Emission.ResultEmitter"/> asks it instead of keeping
/// a second set of the same keys.
/// </summary>
internal interface ISentKeys
{
    /// <summary>Whether a model with this key passed the filter in this job.</summary>
    bool WasSent(string key);
}
