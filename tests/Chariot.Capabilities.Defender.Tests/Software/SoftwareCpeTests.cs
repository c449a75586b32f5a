using Chariot.Capabilities.Defender.Software;

namespace Chariot.Capabilities.Defender.Tests.Software;

public sealed class SoftwareCpeTests
{
    [Theory]
    [InlineData("microsoft", "windows_10", "10.0.17763.1637", "cpe:2.3:o:microsoft:windows_10:10.0.17763.1637:*:*:*:*:*:*:*")]
    [InlineData("microsoft", "windows_server_2022", "10.0.20348.2113", "cpe:2.3:o:microsoft:windows_server_2022:10.0.20348.2113:*:*:*:*:*:*:*")]
    [InlineData("microsoft", ".net_framework", "4.0.0.0", "cpe:2.3:a:microsoft:.net_framework:4.0.0.0:*:*:*:*:*:*:*")]
    [InlineData("microsoft", "windows_defender", "4.18.2211.5", "cpe:2.3:a:microsoft:windows_defender:4.18.2211.5:*:*:*:*:*:*:*")]
    [InlineData("canonical", "ubuntu_linux", "22.04", "cpe:2.3:o:canonical:ubuntu_linux:22.04:*:*:*:*:*:*:*")]
    [InlineData("apple", "macos", "14.1", "cpe:2.3:o:apple:macos:14.1:*:*:*:*:*:*:*")]
    [InlineData("notepad++", "notepad++", "8.1", @"cpe:2.3:a:notepad\+\+:notepad\+\+:8.1:*:*:*:*:*:*:*")]
    [InlineData("Some Vendor", "My App", "1.0 Beta", "cpe:2.3:a:some_vendor:my_app:1.0_beta:*:*:*:*:*:*:*")]
    [InlineData("debian", "openssl", "1:3.0.11", @"cpe:2.3:a:debian:openssl:1\:3.0.11:*:*:*:*:*:*:*")]
    [InlineData(null, "7-zip", null, "cpe:2.3:a:*:7-zip:*:*:*:*:*:*:*:*")]
    [InlineData("x", "wild*card?", "", @"cpe:2.3:a:x:wild\*card\?:*:*:*:*:*:*:*:*")]
    public void The_cpe_is_derived_from_vendor_name_and_version_by_the_formatted_string_rules(string? vendor, string name, string? version, string expected)
    {
        var technology = SoftwareCpe.Technology(vendor, name, version)!;

        Assert.Equal(expected, technology.Cpe);
        Assert.Equal("#technology#" + expected, technology.Key);
        Assert.Equal(name.Trim(), technology.Name);
    }

    [Theory]
    [InlineData(null, "1.0")]
    [InlineData("  ", "1.0")]
    [InlineData("app", "1.0\\")] // ends in a backslash: bound as "\\:", which the CPE reader takes for a quoted colon
    public void A_row_without_a_name_or_with_a_value_no_cpe_can_hold_names_no_technology(string? name, string version) =>
        Assert.Null(SoftwareCpe.Technology("microsoft", name, version));
}
