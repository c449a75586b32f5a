using System.Text.Json.Nodes;

namespace Chariot.Capabilities.Defender.Testing.Data;

/// <summary>An alert as the tenant keeps it: the typed, changeable fields and the full documented body around them.</summary>
internal sealed record StoredAlert(FakeAlert Alert, JsonObject Document);
