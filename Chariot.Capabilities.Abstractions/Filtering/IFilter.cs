using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Filtering;

/// <summary>
/// Chariot's <c>Filter</c>: decides whether an asset or a risk is dropped before it is sent. TRUE means DROP.
/// A filter may modify what it is given by replacing it through the <c>ref</c> parameter.
/// </summary>
/// <remarks>The <see cref="Emission.ResultEmitter"/> calls it for every asset and risk, one call at a time.</remarks>
public interface IFilter
{
    /// <summary>True to drop the asset.</summary>
    bool DropAsset(ref Asset asset);

    /// <summary>True to drop the risk.</summary>
    bool DropRisk(ref Risk risk);
}
