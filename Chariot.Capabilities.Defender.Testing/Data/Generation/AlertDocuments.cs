using System.Globalization;
using System.Text.Json.Nodes;

namespace Chariot.Capabilities.Defender.Testing.Data.Generation;

/// <summary>Builds an alerts_v2 body around a <see cref="FakeAlert"/>, with device, file, process and other evidence.</summary>
internal static class AlertDocuments
{
    public static JsonObject Build(FakeAlert alert, string tenantId, Func<string, FakeMachine?> findMachine, long variant)
    {
        var evidence = new JsonArray();
        foreach (var deviceId in alert.DeviceIds)
        {
            evidence.Add(DeviceEvidence(alert, deviceId, findMachine(deviceId)));
        }

        var firstDevice = alert.DeviceIds.Count > 0 ? alert.DeviceIds[0] : null;
        evidence.Add(FileEvidence(alert, firstDevice, variant));
        evidence.Add(ProcessEvidence(alert, firstDevice, variant));
        // Other kinds a parser must skip without failing.
        evidence.Add(variant % 2 == 0
            ? new JsonObject { ["@odata.type"] = "#microsoft.graph.security.ipEvidence", ["createdDateTime"] = Stamp(alert.CreatedDateTime), ["verdict"] = "suspicious", ["remediationStatus"] = "none", ["ipAddress"] = "198.51.100." + (variant % 250).ToString(CultureInfo.InvariantCulture), ["roles"] = new JsonArray(), ["tags"] = new JsonArray() }
            : new JsonObject { ["@odata.type"] = "#microsoft.graph.security.userEvidence", ["createdDateTime"] = Stamp(alert.CreatedDateTime), ["verdict"] = "unknown", ["remediationStatus"] = "none", ["userAccount"] = new JsonObject { ["accountName"] = "jdoe", ["domainName"] = "CONTOSO", ["userSid"] = "S-1-5-21-1-2-3-1001", ["azureAdUserId"] = null, ["userPrincipalName"] = "jdoe@contoso.com", ["displayName"] = "Jane Doe" }, ["roles"] = new JsonArray(), ["tags"] = new JsonArray() });

        return new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.security.alert",
            ["id"] = alert.Id,
            ["providerAlertId"] = alert.Id,
            ["incidentId"] = (20_000 + variant).ToString(CultureInfo.InvariantCulture),
            ["status"] = alert.Status,
            ["severity"] = alert.Severity,
            ["classification"] = alert.Classification,
            ["determination"] = alert.Determination,
            ["serviceSource"] = alert.ServiceSource,
            ["detectionSource"] = variant % 3 == 0 ? "antivirus" : "microsoftDefenderForEndpoint",
            ["tenantId"] = tenantId,
            ["title"] = alert.Title,
            ["description"] = "Generated alert: " + alert.Title + ".",
            ["recommendedActions"] = "Review the device timeline.",
            ["category"] = "Execution",
            ["assignedTo"] = alert.AssignedTo,
            ["alertWebUrl"] = $"https://security.microsoft.com/alerts/{alert.Id}?tid={tenantId}",
            ["incidentWebUrl"] = $"https://security.microsoft.com/incidents/{20_000 + variant}?tid={tenantId}",
            ["mitreTechniques"] = new JsonArray("T1059.001"),
            ["createdDateTime"] = Stamp(alert.CreatedDateTime),
            ["lastUpdateDateTime"] = Stamp(alert.LastUpdateDateTime),
            ["resolvedDateTime"] = alert.Status == "resolved" ? Stamp(alert.LastUpdateDateTime) : null,
            ["firstActivityDateTime"] = Stamp(alert.CreatedDateTime.AddMinutes(-5)),
            ["lastActivityDateTime"] = Stamp(alert.CreatedDateTime.AddMinutes(-1)),
            ["comments"] = new JsonArray(),
            ["evidence"] = evidence,
        };
    }

    private static JsonObject DeviceEvidence(FakeAlert alert, string deviceId, FakeMachine? machine)
    {
        var interfaces = new JsonArray();
        foreach (var address in machine?.IpAddresses?.Select(a => a.IpAddress) ?? (machine?.LastIpAddress is { } ip ? [ip] : []))
        {
            interfaces.Add(address);
        }

        return new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.security.deviceEvidence",
            ["createdDateTime"] = Stamp(alert.CreatedDateTime),
            ["verdict"] = "unknown",
            ["remediationStatus"] = "none",
            ["mdeDeviceId"] = deviceId,
            ["azureAdDeviceId"] = machine?.AadDeviceId,
            ["deviceDnsName"] = machine?.ComputerDnsName,
            ["osPlatform"] = machine?.OsPlatform,
            ["osBuild"] = machine?.OsBuild,
            ["healthStatus"] = machine?.HealthStatus?.ToLowerInvariant(),
            ["riskScore"] = machine?.RiskScore?.ToLowerInvariant(),
            ["rbacGroupId"] = machine?.RbacGroupId,
            ["rbacGroupName"] = machine?.RbacGroupName,
            ["onboardingStatus"] = "onboarded",
            ["ipInterfaces"] = interfaces,
            ["roles"] = new JsonArray("compromised"),
            ["tags"] = new JsonArray(),
        };
    }

    private static JsonObject FileEvidence(FakeAlert alert, string? deviceId, long variant) => new()
    {
        ["@odata.type"] = "#microsoft.graph.security.fileEvidence",
        ["createdDateTime"] = Stamp(alert.CreatedDateTime),
        ["verdict"] = "suspicious",
        ["remediationStatus"] = "none",
        ["detectionStatus"] = "detected",
        ["mdeDeviceId"] = deviceId,
        ["roles"] = new JsonArray(),
        ["tags"] = new JsonArray(),
        ["fileDetails"] = new JsonObject
        {
            ["sha1"] = variant.ToString("x40", CultureInfo.InvariantCulture),
            ["sha256"] = variant.ToString("x64", CultureInfo.InvariantCulture),
            ["fileName"] = "payload" + variant.ToString(CultureInfo.InvariantCulture) + ".exe",
            ["filePath"] = "C:\\Users\\Public",
            ["fileSize"] = 1000 + variant,
            ["filePublisher"] = null,
        },
    };

    private static JsonObject ProcessEvidence(FakeAlert alert, string? deviceId, long variant) => new()
    {
        ["@odata.type"] = "#microsoft.graph.security.processEvidence",
        ["createdDateTime"] = Stamp(alert.CreatedDateTime),
        ["verdict"] = "unknown",
        ["remediationStatus"] = "none",
        ["processId"] = 4000 + variant,
        ["processCommandLine"] = "powershell.exe -enc SQBFAFgA",
        ["detectionStatus"] = "detected",
        ["mdeDeviceId"] = deviceId,
        ["roles"] = new JsonArray(),
        ["tags"] = new JsonArray(),
        ["imageFile"] = new JsonObject { ["fileName"] = "powershell.exe", ["filePath"] = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0" },
    };

    private static string Stamp(DateTimeOffset value) => Routing.JsonWriting.ToMicrosoftTimestamp(value);
}
