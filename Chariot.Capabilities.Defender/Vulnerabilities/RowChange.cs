namespace Chariot.Capabilities.Defender.Vulnerabilities;

/// <summary>What a change row says: the CVE is there (New, Updated), gone (Fixed), or a status this code does not know.</summary>
internal enum RowChange
{
    /// <summary>Not New, Updated or Fixed: not recorded.</summary>
    Unknown,

    /// <summary>New or Updated.</summary>
    Open,

    /// <summary>Fixed.</summary>
    Fixed,
}
