using Chariot.Capabilities.Filtering;
using Chariot.Capabilities.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chariot.Capabilities.Tests.Emission;

internal static class TestJobs
{
    public static readonly DateTimeOffset Now = new(2024, 7, 31, 0, 0, 0, TimeSpan.Zero);

    public static Job Defender() => new()
    {
        Username = "analyst@example.com",
        Source = "defender",
        Target = new Integration("defender", "contoso.onmicrosoft.com"),
    };

    public static VmFilter DefaultFilter() =>
        new(VmFilterOptions.FromConfig(new Dictionary<string, string>()), NullLogger<VmFilter>.Instance);

    public static Risk Cve(string dns, int n) => new(dns, $"CVE-2024-{n}", RiskStatus.Triage(Severity.High));
}
