using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>An alert mapped: the risk, its attributes (alert id, links, MITRE techniques) and its evidence proof.</summary>
internal sealed record MappedAlert(Risk Risk, IReadOnlyList<ChariotAttribute> Attributes, ChariotFile Proof);
