using System.Text;
using System.Text.Json.Nodes;
using Chariot.Capabilities.Defender.Testing;
using Chariot.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Chariot.EndToEnd.Tests;

/// <summary>
/// Issue 11: every malformed job file and command line exits 2 with exactly one line on stderr naming what to fix,
/// before any call reaches the (fake) tenant, and leaves no output or state file behind.
/// </summary>
public sealed class MalformedInputTests(FakeTenantFixture fixture, ITestOutputHelper log) : IClassFixture<FakeTenantFixture>
{
    // Each job file: how to make it from the fake tenant's valid job, and what the error line must name.
    private static readonly Dictionary<string, (Func<JsonObject, string> Text, string Names)> JobFiles = new(StringComparer.Ordinal)
    {
        ["empty file"] = (_ => "", "is empty"),
        ["only whitespace"] = (_ => " \n\t\n", "is empty"),
        ["not json"] = (_ => "{\"username\": \"u\",\n \"config\": {,}}", "at line 2, position"),
        ["cut off"] = (job => job.ToJsonString()[..40], "is not a valid job"),
        ["a json array"] = (job => new JsonArray(job).ToJsonString(), "must be a JSON object"),
        ["json null"] = (_ => "null", "must be a JSON object"),
        ["a json string"] = (_ => "\"job\"", "must be a JSON object"),
        ["a json number"] = (_ => "42", "must be a JSON object"),
        ["trailing garbage"] = (job => job.ToJsonString() + " {}", "is not a valid job"),
        ["username a number"] = (job => With(job, "username", 7), "'username'"),
        ["key an object"] = (job => With(job, "key", new JsonObject()), "'key'"),
        ["full a string"] = (job => With(job, "full", "yes"), "'full'"),
        ["created not a time"] = (job => With(job, "created", "yesterday"), "'created'"),
        ["capabilities a string"] = (job => With(job, "capabilities", "defender"), "'capabilities'"),
        ["config an array"] = (job => With(job, "config", new JsonArray()), "'config'"),
        ["config a string"] = (job => With(job, "config", "graph_endpoint=x"), "'config'"),
        ["config value a number"] = (job => With(job, "config", "max_alerts", 5), "'config.max_alerts'"),
        ["config value null"] = (job => With(job, "config", "max_alerts", null), "'config.max_alerts'"),
        ["config value an object"] = (job => With(job, "config", "graph_endpoint", new JsonObject()), "'config.graph_endpoint'"),
        ["config value unusable"] = (job => With(job, "config", "max_alerts", "lots"), "'max_alerts'"),
        ["config key twice"] = (job => Duplicate(job, "config", "max_alerts"), "'config.max_alerts'"),
        ["secret a string"] = (job => With(job, "secret", FakeDefenderTenantOptions.DefaultClientSecret), "'secret'"),
        ["secret an array"] = (job => With(job, "secret", new JsonArray()), "'secret'"),
        ["secret value a number"] = (job => With(job, "secret", "client_secret", 12345), "'secret.client_secret'"),
        ["secret value null"] = (job => With(job, "secret", "client_secret", null), "'secret.client_secret'"),
        ["secret key twice"] = (job => Duplicate(job, "secret", "client_secret"), "'secret.client_secret'"),
        ["secret missing"] = (job => Without(job, "secret"), "'tenant_id'"),
        ["top-level key twice"] = (job => job.ToJsonString()[..^1] + ",\"target\":null}", "'target'"),
        ["target missing"] = (job => Without(job, "target"), "target"),
        ["target null"] = (job => With(job, "target", null), "target"),
        ["target a string"] = (job => With(job, "target", "defender"), "'target'"),
        ["target an array"] = (job => With(job, "target", new JsonArray()), "'target'"),
        ["target type unknown"] = (job => With(job, "target", "type", "banana"), "'target.type'"),
        ["target type a number"] = (job => With(job, "target", "type", 3), "'target.type'"),
        ["target type missing"] = (job => Without(job, "target", "type"), "'target.type'"),
        ["target model missing"] = (job => Without(job, "target", "model"), "'target.model'"),
        ["target model null"] = (job => With(job, "target", "model", null), "'target.model'"),
        ["target model a string"] = (job => With(job, "target", "model", "defender"), "'target.model'"),
        ["target model name missing"] = (job => Without(job["target"]!["model"]!.AsObject(), "name", job), "'target.model.name'"),
        ["target model name a number"] = (job => WithModel(job, "name", 1), "'target.model.name'"),
        ["target another integration"] = (job => WithModel(job, "name", "qualys"), "not a 'defender' integration"),
        ["invalid utf-8"] = (job => "\u0001" + job.ToJsonString(), "not valid UTF-8"),
        ["huge"] = (job => With(job, "username", new string('u', 20 * 1024 * 1024)), "larger than"),
    };

    public static TheoryData<string> JobFileCases => [.. JobFiles.Keys];

    [Theory]
    [MemberData(nameof(JobFileCases))]
    public async Task A_malformed_job_file_exits_2_with_one_line_naming_the_key_before_any_call(string shape)
    {
        var (text, names) = JobFiles[shape];
        var job = fixture.NewPath("job.json");
        var content = text(JsonNode.Parse(fixture.Job().ToJson())!.AsObject());
        await File.WriteAllBytesAsync(job, shape == "invalid utf-8" ? InvalidUtf8(content) : Encoding.UTF8.GetBytes(content));

        await AssertRefusedAsync(shape, names, "run", "--job", job, "--out", "{out}", "--state", "{state}");
    }

    [Theory]
    [InlineData("'--bogus'", "run", "--job", "{job}", "--out", "{out}", "--bogus")]
    [InlineData("--job", "run", "--out", "{out}", "--job")]
    [InlineData("--out", "run", "--job", "{job}", "--out")]
    [InlineData("--state", "run", "--job", "{job}", "--out", "{out}", "--state")]
    [InlineData("does not exist", "run", "--job", "{missing}", "--out", "{out}", "--state", "{state}")]
    [InlineData("is a directory", "run", "--job", "{directory}", "--out", "{out}", "--state", "{state}")]
    [InlineData("does not exist", "run", "--job", "{job}", "--job", "{missing}", "--out", "{out}", "--state", "{state}")]
    [InlineData("--out", "run", "--job", "{job}", "--out", "{missing}/results.ndjson", "--state", "{state}")]
    [InlineData("--out", "run", "--job", "{job}", "--out", "{directory}", "--state", "{state}")]
    [InlineData("--state", "run", "--job", "{job}", "--out", "{out}", "--state", "{file}")]
    [InlineData("--state", "run", "--job", "{job}", "--out", "{out}", "--state", "{file}/state")]
    [InlineData("--every", "run", "--job", "{job}", "--out", "{out}", "--every", "soon")]
    [InlineData("--every", "run", "--job", "{job}", "--out", "{out}", "--every", "-5m")]
    [InlineData("--every", "run", "--job", "{job}", "--out", "{out}", "--every")]
    [InlineData("--parallel", "run", "--job", "{job}", "--out", "{out}", "--parallel", "0")]
    [InlineData("--parallel", "run", "--job", "{job}", "--out", "{out}", "--parallel", "two")]
    [InlineData("--parallel", "run", "--job", "{job}", "--out", "{out}", "--parallel")]
    [InlineData("--job FILE", "run", "--out", "{out}", "--state", "{state}")]
    [InlineData("--job FILE", "run", "--job", "{job}", "--sandbox", "--out", "{out}")]
    [InlineData("'frobnicate'", "frobnicate", "--job", "{job}")]
    [InlineData("--dns", "affiliation", "--job", "{job}")]
    public async Task A_malformed_command_line_exits_2_with_one_line_naming_the_option_before_any_call(string names, params string[] args)
    {
        await AssertRefusedAsync(string.Join(' ', args), names, args);
    }

    private async Task AssertRefusedAsync(string what, string names, params string[] args)
    {
        var output = fixture.NewPath("results.ndjson");
        var state = fixture.NewPath("state");
        var directory = Directory.CreateDirectory(fixture.NewPath("folder")).FullName;
        var file = fixture.NewPath("file.txt");
        await File.WriteAllTextAsync(file, "not a folder");
        var missing = fixture.NewPath("missing");
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["{job}"] = fixture.Job().WriteTo(fixture.WorkDirectory),
            ["{out}"] = output,
            ["{state}"] = state,
            ["{directory}"] = directory,
            ["{file}"] = file,
            ["{missing}"] = missing,
        };
        fixture.Tenant.Requests.Clear();

        // --plugins goes right after the command: after a last option left without its value, it would be read as that value.
        var expanded = args.Select(a => values.Aggregate(a, (text, v) => text.Replace(v.Key, v.Value, StringComparison.Ordinal))).ToList();
        expanded.InsertRange(1, ["--plugins", fixture.PluginsDirectory]);
        var result = await fixture.Host().RunExactlyAsync([.. expanded]);

        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        log.WriteLine(result.Error.Replace(fixture.WorkDirectory, "WORK", StringComparison.Ordinal));
        Assert.True(result.ExitCode == 2, $"{what}: {result}");
        Assert.True(lines.Length == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal), $"{what}: not one error line: {result}");
        Assert.True(lines[0].Contains(names, StringComparison.Ordinal), $"{what}: the error does not name {names}: {lines[0]}");
        Assert.True(lines[0].Length < 600, $"{what}: the error line is {lines[0].Length} characters long");
        Assert.DoesNotContain(FakeDefenderTenantOptions.DefaultClientSecret, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
        Assert.Empty(fixture.Tenant.Requests.All);
        Assert.False(File.Exists(output), $"{what}: wrote {output}");
        Assert.False(Directory.Exists(state), $"{what}: made the state folder");
        Assert.False(Directory.Exists(missing) || File.Exists(missing), $"{what}: made {missing}");
        Assert.Empty(Directory.GetFileSystemEntries(directory));
    }

    private static string With(JsonObject job, string key, JsonNode? value)
    {
        job[key] = value;
        return job.ToJsonString();
    }

    private static string With(JsonObject job, string key, string inner, JsonNode? value)
    {
        job[key]![inner] = value;
        return job.ToJsonString();
    }

    private static string WithModel(JsonObject job, string key, JsonNode? value)
    {
        job["target"]!["model"]![key] = value;
        return job.ToJsonString();
    }

    private static string Without(JsonObject job, string key)
    {
        job.Remove(key);
        return job.ToJsonString();
    }

    private static string Without(JsonObject inner, string key, JsonObject job)
    {
        inner.Remove(key);
        return job.ToJsonString();
    }

    private static string Without(JsonObject job, string key, string inner)
    {
        job[key]!.AsObject().Remove(inner);
        return job.ToJsonString();
    }

    // The object at key with its first entry written twice, the second time as the last entry: "a":1,...,"a":"other".
    private static string Duplicate(JsonObject job, string key, string inner)
    {
        var entries = job[key]!.AsObject();
        entries[inner] = "first";
        var text = job.ToJsonString();
        var marker = $"\"{key}\":{{";
        var at = text.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return text[..at] + $"\"{inner}\":\"second\"," + text[at..];
    }

    // The job with one byte that is no UTF-8 (0xFF) in the username, where the \u0001 placeholder stood.
    private static byte[] InvalidUtf8(string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content[1..].Replace("\"e2e@", "\"\u0001e2e@", StringComparison.Ordinal));
        var at = Array.IndexOf(bytes, (byte)1);
        bytes[at] = 0xFF;
        return bytes;
    }
}
