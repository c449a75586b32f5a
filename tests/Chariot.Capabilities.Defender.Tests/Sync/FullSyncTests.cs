using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Tests.Support;

namespace Chariot.Capabilities.Defender.Tests.Sync;

public sealed class FullSyncTests
{
    [Fact]
    public async Task A_small_tenant_syncs_devices_vulnerabilities_and_alerts()
    {
        var harness = new DefenderHarness();

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.NotEmpty(result.Assets);
        Assert.NotEmpty(result.Risks);
        Assert.Contains(result.Risks, r => r.Name.StartsWith("CVE-", StringComparison.Ordinal));
        Assert.Contains(result.Files, f => f.Name.StartsWith("definitions/CVE-", StringComparison.Ordinal));
        Assert.Equal(result.Models.Count, result.Models.Select(m => m.Key).Distinct().Count());
    }
}
