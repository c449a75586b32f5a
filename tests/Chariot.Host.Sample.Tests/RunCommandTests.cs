using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;
using Chariot.Host.Sample.Cli;

namespace Chariot.Host.Sample.Tests;

[Collection(EchoGroup.Name)]
public sealed class RunCommandTests(EchoPackage echo)
{
    private readonly HostHarness _host = new(echo);

    [Fact]
    public async Task A_job_writes_each_result_as_one_wrapped_ndjson_line_on_stdout()
    {
        var exitCode = await _host.RunAsync("run", "--job", _host.WriteJob(new Dictionary<string, string> { ["count"] = "3" }));

        Assert.Equal(ExitCodes.Success, exitCode);
        var lines = _host.Out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        var models = lines.Select(ChariotJson.Unwrap).ToList();
        Assert.Equal(3, models.OfType<Asset>().Count());
        Assert.Equal(3, models.OfType<Risk>().Count());
        Assert.All(HostHarness.Lines(_host.Out.ToString()), line => Assert.Contains(line.GetProperty("type").GetString(), new[] { "asset", "risk" }));
        Assert.Contains("#asset#echo-0.example.com#echo-0.example.com", _host.Out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_progress_and_the_summary_go_to_stderr_never_to_the_results()
    {
        await _host.RunAsync("run", "--job", _host.WriteJob());

        Assert.DoesNotContain("info:", _host.Out.ToString(), StringComparison.Ordinal);
        Assert.Contains("summary #integration#echo#acct", _host.Error.ToString(), StringComparison.Ordinal);
        Assert.Contains("received", _host.Error.ToString(), StringComparison.Ordinal);
        Assert.Contains("sent 3 assets, 3 risks", _host.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_trims_the_c_heap_as_its_jobs_end()
    {
        var oneJob = await _host.RunAsync("run", "--job", _host.WriteJob());
        var afterOne = _host.NativeHeapTrims;
        var twoJobs = await _host.RunAsync("run", "--job", _host.WriteJob(), "--job", _host.WriteJob(account: "other"));

        // The fake clock stands still while the jobs run: the one trim of each run is the one as it ends.
        Assert.Equal((ExitCodes.Success, ExitCodes.Success), (oneJob, twoJobs));
        Assert.Equal((1, 2), (afterOne, _host.NativeHeapTrims));
    }

    [Fact]
    public async Task Out_writes_results_to_the_file_and_nothing_to_stdout()
    {
        var output = _host.PathFor("results.ndjson");

        var exitCode = await _host.RunAsync("run", "--job", _host.WriteJob(), "--out", output);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal("", _host.Out.ToString());
        Assert.Equal(6, HostHarness.Lines(await File.ReadAllTextAsync(output)).Count);
    }

    [Fact]
    public async Task Out_is_made_once_a_job_runs_even_one_that_sends_nothing_and_never_for_a_refused_job()
    {
        var output = _host.PathFor($"{Guid.NewGuid():N}-results.ndjson");

        var refused = await _host.RunAsync("run", "--job", _host.WriteJob(secret: new Dictionary<string, string>()), "--out", output);
        var existsAfterRefusal = File.Exists(output);
        var ran = await _host.RunAsync("run", "--job", _host.WriteJob(new Dictionary<string, string> { ["count"] = "0" }), "--out", output);

        Assert.Equal((ExitCodes.Usage, false), (refused, existsAfterRefusal));
        Assert.Equal(ExitCodes.Success, ran);
        Assert.Equal("", await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task The_plugin_gets_its_own_copy_of_a_dependency_the_host_has_in_another_version()
    {
        await _host.RunAsync("run", "--job", _host.WriteJob());

        Assert.Contains("Microsoft.Extensions.Primitives 8.0.0.0 from the plugin's own context", _host.Error.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(new Version(8, 0, 0, 0), typeof(Microsoft.Extensions.Primitives.StringValues).Assembly.GetName().Version);
    }

    [Theory]
    [InlineData("vendor")]
    [InlineData("credentials")]
    public async Task A_capability_failure_exits_1_with_its_message_and_no_stack_trace(string failure)
    {
        var exitCode = await _host.RunAsync("run", "--job", _host.WriteJob(new Dictionary<string, string> { ["fail"] = failure }));

        Assert.Equal(ExitCodes.CapabilityFailed, exitCode);
        Assert.Contains("error: Echo", _host.Error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", _host.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_plugin_exception_exits_1_and_shows_its_stack_only_with_verbose()
    {
        var job = _host.WriteJob(new Dictionary<string, string> { ["fail"] = "crash" });

        Assert.Equal(ExitCodes.CapabilityFailed, await _host.RunAsync("run", "--job", job));
        Assert.Contains("InvalidOperationException: Echo crashed on demand", _host.Error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", _host.Error.ToString(), StringComparison.Ordinal);

        var verbose = new HostHarness(echo);
        Assert.Equal(ExitCodes.CapabilityFailed, await verbose.RunAsync("run", "--job", job, "--verbose"));
        Assert.Contains("at Chariot.Capabilities.Echo.EchoCapability", verbose.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configuration_failure_from_the_capability_exits_2()
    {
        var exitCode = await _host.RunAsync("run", "--job", _host.WriteJob(new Dictionary<string, string> { ["fail"] = "configuration" }));

        Assert.Equal(ExitCodes.Usage, exitCode);
    }

    [Fact]
    public async Task A_missing_secret_exits_2_naming_the_key()
    {
        var exitCode = await _host.RunAsync("run", "--job", _host.WriteJob(secret: new Dictionary<string, string>()));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("'token'", _host.Error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", _host.Out.ToString());
    }

    [Fact]
    public async Task A_malformed_filter_setting_exits_2_naming_the_key()
    {
        var exitCode = await _host.RunAsync("run", "--job", _host.WriteJob(new Dictionary<string, string> { ["filter_private_addresses"] = "maybe" }));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("filter_private_addresses", _host.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_job_file_exits_2()
    {
        var exitCode = await _host.RunAsync("run", "--job", _host.PathFor("nope.json"));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("does not exist", _host.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_json_exits_2_with_the_line_and_position()
    {
        var job = _host.WriteFile("bad.json", "{\n  \"username\": \"u\",\n  \"config\": {,}\n}");

        var exitCode = await _host.RunAsync("run", "--job", job);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("at line 3, position", _host.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_no_installed_plugin_handles_exits_2_saying_why()
    {
        var exitCode = await _host.RunAsync("run", "--job", _host.WriteJob(integration: "qualys"));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("No installed plugin handles", _host.Error.ToString(), StringComparison.Ordinal);
        Assert.Contains("not an echo integration", _host.Error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "--job")]
    [InlineData("run", "--no-such-option")]
    [InlineData("run")]
    [InlineData("run", "--sandbox", "--job", "x.json")]
    [InlineData("run", "--job", "x.json", "--parallel", "0")]
    [InlineData("run", "--job", "x.json", "--every", "soon")]

    [InlineData("validate")]
    [InlineData("frobnicate")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        Assert.Equal(ExitCodes.Usage, await Program.RunAsync(args, _host.Environment));
        Assert.Contains("error", _host.Error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("--every", "99999999999s")] // issue 11.5: these crashed (exit 134, a stack trace)
    [InlineData("--every", "99999999d")]
    [InlineData("--parallel", "abc")]
    [InlineData("--parallel", "99999999999")]
    [InlineData("--every", "60d")] // these ran once, then failed
    [InlineData("--every", "99999999999")]
    public async Task A_bad_option_value_is_a_usage_error_naming_the_option_before_any_work(string option, string value)
    {
        var exitCode = await Program.RunAsync(["run", "--job", _host.WriteJob(), option, value], _host.Environment);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains(option, _host.Error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", _host.Error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_host.Out.ToString());
    }

    [Fact]
    public async Task A_job_field_of_the_wrong_type_is_named_by_its_key()
    {
        // Issue 11.7: the message gave a line and position only.
        var job = _host.WriteFile("typed.json", """{"username":"u","config":{"max_alerts":5},"target":{"type":"integration","model":{"name":"echo","value":"acct"}}}""");

        var exitCode = await Program.RunAsync(["run", "--job", job], _host.Environment);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("'config.max_alerts' as a number", _host.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_path_that_is_a_file_is_a_usage_error_before_any_work()
    {
        // Issue 11.5: the whole sync ran, then the checkpoint write failed.
        var file = _host.WriteFile("state.txt", "not a directory");

        var exitCode = await Program.RunAsync(["run", "--job", _host.WriteJob(), "--state", file], _host.Environment);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("--state", _host.Error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_host.Out.ToString());
    }

    [Fact]
    public async Task An_empty_plugins_directory_exits_2_saying_how_to_install()
    {
        _host.PluginsDirectory = TempDirectory.Create("empty");

        Assert.Equal(ExitCodes.Usage, await _host.RunAsync("run", "--job", _host.WriteJob()));
        Assert.Contains("plugins install", _host.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sandbox_without_the_defender_plugin_exits_2_saying_how_to_get_it()
    {
        var exitCode = await _host.RunAsync("run", "--sandbox");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("Defender plugin, which is not installed", _host.Error.ToString(), StringComparison.Ordinal);
    }
}
