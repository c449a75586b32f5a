using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Defender.Vulnerabilities;

namespace Chariot.Capabilities.Defender.Tests.Sync;

public sealed class ExportTests
{
    private static DefenderHarness ExportTenant()
    {
        var harness = new DefenderHarness(time => new FakeDefenderTenantOptions
        {
            TimeProvider = time,
            Size = new FakeTenantSize(Devices: 40, Alerts: 5, VulnerabilityRows: 3_000, CveCatalogue: 80),
            ExportRowsPerFile = 700,
        });
        harness.Config[DefenderKeys.VulnerabilitySource] = "export";
        return harness;
    }

    [Fact]
    public async Task Export_files_are_read_without_a_token_and_give_the_same_risks_as_by_machine()
    {
        var export = ExportTenant();
        var byMachine = ExportTenant();
        byMachine.Config[DefenderKeys.VulnerabilitySource] = "by-machine";

        var fromExport = (await export.InvokeAsync()).Succeeded();
        var fromRows = (await byMachine.InvokeAsync()).Succeeded();

        var blobs = export.Tenant.Requests.To(FakeEndpoint.ExportBlob);
        Assert.Equal(5, blobs.Count);
        Assert.All(blobs, b => Assert.False(b.HasBearerToken));
        Assert.Equal(
            fromRows.Risks.Select(r => r.Key).Order(StringComparer.Ordinal),
            fromExport.Risks.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.Equal(3_000, fromExport.Context.Summary.Stream("vulnerabilities").Received);
    }

    [Fact]
    public async Task An_expired_export_link_asks_for_a_new_export_and_loses_no_row()
    {
        var harness = ExportTenant();
        harness.Tenant.Faults.OnCall(FakeEndpoint.SoftwareVulnerabilitiesExport, 1, Fault.ExpiredExportUrl());

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal(2, harness.Tenant.Requests.To(FakeEndpoint.SoftwareVulnerabilitiesExport).Count);
        var expected = (await ExportTenant().InvokeAsync()).Succeeded().Risks.Select(r => r.Key).Order(StringComparer.Ordinal);
        Assert.Equal(expected, result.Risks.Select(r => r.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_export_answer_without_its_file_list_fails_the_sync_instead_of_reading_no_row()
    {
        // Issue 11 (fuzz of the export path): {"value":{}} was read as an export of no file: 0 rows, exit 0, checkpoint saved.
        var harness = ExportTenant();
        harness.Tenant.Faults.OnCall(FakeEndpoint.SoftwareVulnerabilitiesExport, 1, Fault.MalformedPage());

        var result = await harness.InvokeAsync();

        var failure = Assert.IsType<CapabilityException>(result.Failure);
        Assert.Contains("The vulnerability export's answer has no exportFiles list", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Checkpoints.Values, c => c.Key.Stream == VulnerabilityCheckpoint.Stream);
    }

    [Fact]
    public async Task An_empty_gzip_file_is_downloaded_again()
    {
        var harness = ExportTenant();
        harness.Tenant.Faults.OnCall(FakeEndpoint.ExportBlob, 2, Fault.EmptyGzipFile());

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal(6, harness.Tenant.Requests.To(FakeEndpoint.ExportBlob).Count);
        Assert.Equal(3_000, result.Context.Summary.Stream("vulnerabilities").Received);
    }

    [Fact]
    public async Task A_broken_export_file_is_read_again_without_duplicates()
    {
        var harness = ExportTenant();
        harness.Tenant.Faults.OnCall(FakeEndpoint.ExportBlob, 4, Fault.ConnectionReset(afterBytes: 2_000));

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal(3_000, result.Context.Summary.Stream("vulnerabilities").Received);
        Assert.Equal(1, result.Context.Summary.Stream("vulnerabilities").Retries);
    }

    [Theory]
    [InlineData("Auto", 99_999, "ByMachine")]
    [InlineData("Auto", 100_000, "Export")]
    [InlineData("ByMachine", 500_000, "ByMachine")]
    [InlineData("Export", 10, "Export")]
    public void The_source_follows_the_tenant_size_unless_configured(string configured, int devices, string chosen)
    {
        Assert.Equal(Enum.Parse<VulnerabilitySource>(chosen), VulnerabilitySync.Choose(Enum.Parse<VulnerabilitySource>(configured), devices));
    }
}
