namespace Chariot.Capabilities.Defender.Testing.Data.Generation;

/// <summary>The vocabularies generated data is drawn from, including values a parser might not expect.</summary>
internal static class NamePools
{
    public static readonly string[] HostPrefixes = ["ws", "srv", "lt", "db", "web", "dc", "kiosk", "build"];

    // Real estates have these: umlauts, CJK, Polish letters and the apostrophe that breaks naive OData filters.
    public static readonly string[] UnusualHostNames = ["müller-pc", "東京-srv-01", "łódź-lt", "café-kiosk", "o'brien-laptop"];

    public static readonly string[] OsPlatforms = ["Windows10", "Windows11", "WindowsServer2019", "WindowsServer2022", "Linux", "macOS"];

    // "FutureHealthState" stands for an enum member Microsoft adds later: clients must keep it, not fail.
    public static readonly string[] HealthStatuses = ["Active", "Active", "Active", "Inactive", "ImpairedCommunication", "NoSensorData", "FutureHealthState"];

    public static readonly string[] RiskScores = ["None", "Informational", "Low", "Medium", "High"];

    public static readonly string[] ExposureLevels = ["None", "Low", "Medium", "High"];

    public static readonly string[] DeviceValues = ["Low", "Normal", "Normal", "High"];

    public static readonly string[] RbacGroups = ["UnassignedGroup", "Servers", "Workstations", "The-A-Team"];

    public static readonly (string Vendor, string Name, string Version)[] Software =
    [
        ("microsoft", "edge", "10.0.17763.1637"),
        ("microsoft", ".net_framework", "4.0.0.0"),
        ("microsoft", "windows_10", "10.0.17763.1637"),
        ("microsoft", "onedrive", "20.245.1206.2"),
        ("google", "chrome", "126.0.6478.127"),
        ("mozilla", "firefox", "115.0.2"),
        ("oracle", "jre", "8.0.3910.13"),
        ("openssl", "openssl", "1.1.1k"),
        ("adobe", "acrobat_reader_dc", "23.8.20470.0"),
        ("apache", "log4j", "2.14.1"),
        ("7-zip", "7-zip", "19.0.0.0"),
        ("python", "python", "3.8.10"),
    ];

    public static readonly string[] CveSeverities = ["Low", "Medium", "High", "Critical"];

    public static readonly string[] ExploitabilityLevels = ["NoExploit", "ExploitIsPublic", "ExploitIsVerified", "ExploitIsInKit"];

    public static readonly string[] AlertSeverities = ["informational", "low", "medium", "medium", "high", "high", "unknownFutureValue"];

    public static readonly string[] AlertStatuses = ["new", "new", "inProgress", "resolved", "unknownFutureValue"];

    public static readonly string[] ServiceSources =
    [
        "microsoftDefenderForEndpoint", "microsoftDefenderForEndpoint", "microsoftDefenderForEndpoint",
        "microsoftDefenderForIdentity", "microsoftDefenderForOffice365", "microsoftDefenderForCloudApps",
    ];

    public static readonly string[] AlertTitles =
    [
        "Suspicious execution of hidden file", "Suspicious PowerShell command line", "Ransomware behavior detected",
        "Credential dumping activity", "Suspicious connection to a known C2 server", "Malicious file quarantined",
    ];
}
