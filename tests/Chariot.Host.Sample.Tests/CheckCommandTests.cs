using System.Text.Json;
using Chariot.Host.Sample.Cli;

namespace Chariot.Host.Sample.Tests;

[Collection(EchoGroup.Name)]
public sealed class CheckCommandTests(EchoPackage echo)
{
    private readonly HostHarness _host = new(echo);

    [Fact]
    public async Task Validate_says_valid_when_the_credentials_work()
    {
        Assert.Equal(ExitCodes.Success, await _host.RunAsync("validate", "--job", _host.WriteJob()));
        Assert.Equal("{\"valid\":true}", _host.Out.ToString().Trim());
    }

    [Fact]
    public async Task Validate_says_what_is_wrong_and_exits_1_when_credentials_are_refused()
    {
        var job = _host.WriteJob(secret: new Dictionary<string, string> { ["token"] = "refused-token" });

        Assert.Equal(ExitCodes.CapabilityFailed, await _host.RunAsync("validate", "--job", job));
        var answer = JsonDocument.Parse(_host.Out.ToString()).RootElement;
        Assert.False(answer.GetProperty("valid").GetBoolean());
        Assert.Equal("credentials", answer.GetProperty("failure").GetString());
        Assert.Contains("token was refused", _host.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_answers_a_configuration_problem_on_stdout_and_exits_2()
    {
        var job = _host.WriteJob(secret: new Dictionary<string, string>());

        Assert.Equal(ExitCodes.Usage, await _host.RunAsync("validate", "--job", job));
        var answer = JsonDocument.Parse(_host.Out.ToString()).RootElement;
        Assert.False(answer.GetProperty("valid").GetBoolean());
        Assert.Equal("configuration", answer.GetProperty("failure").GetString());
        Assert.Equal("token", answer.GetProperty("key").GetString());
    }

    [Fact]
    public async Task A_malformed_sync_interval_variable_is_a_usage_error_not_ignored()
    {
        _host.Variables["ECHO_SYNC_INTERVAL"] = "soon";

        Assert.Equal(ExitCodes.Usage, await _host.RunAsync("run", "--job", _host.WriteJob()));
        Assert.Contains("ECHO_SYNC_INTERVAL is 'soon'", _host.Error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("web.example.com", true)]
    [InlineData("web.other.org", false)]
    public async Task Affiliation_prints_the_asset_key_and_the_answer(string dns, bool affiliated)
    {
        Assert.Equal(ExitCodes.Success, await _host.RunAsync("affiliation", "--job", _host.WriteJob(), "--dns", dns, "--ip", "10.0.0.5"));

        var answer = JsonDocument.Parse(_host.Out.ToString()).RootElement;
        Assert.Equal($"#asset#{dns}#10.0.0.5", answer.GetProperty("asset").GetString());
        Assert.Equal(affiliated, answer.GetProperty("affiliated").GetBoolean());
    }

    [Fact]
    public async Task Plugins_list_shows_id_version_capability_and_title()
    {
        Assert.Equal(ExitCodes.Success, await _host.RunAsync("plugins", "list"));

        Assert.Matches(@"chariot\.capabilities\.echo\s+1\.2\.0\s+echo\s+Echo", _host.Out.ToString());
    }

    [Fact]
    public async Task Plugins_describe_prints_the_integration_card_as_json()
    {
        Assert.Equal(ExitCodes.Success, await _host.RunAsync("plugins", "describe", "echo"));

        var card = JsonDocument.Parse(_host.Out.ToString()).RootElement;
        Assert.Equal("echo", card.GetProperty("id").GetString());
        Assert.Equal("password", card.GetProperty("fields")[0].GetProperty("type").GetString());
        Assert.Equal("config", card.GetProperty("fields")[1].GetProperty("target").GetString());
    }

    [Fact]
    public async Task Plugins_describe_of_an_unknown_name_exits_2()
    {
        Assert.Equal(ExitCodes.Usage, await _host.RunAsync("plugins", "describe", "nothing"));
    }
}
