using System.Text.Json;
using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Tests.Conformance;

/// <summary>
/// Jobs as Chariot's Go runner writes them (<c>json.Marshal(model.Job{...})</c>, tabularium <c>job.go</c> and
/// <c>registry/wrapper.go</c>): every field, zero values included, and an unset wrapper as <c>{"model":null,"type":""}</c>.
/// </summary>
public sealed class GoJobTests
{
    private static Job ReadFile(string name) =>
        JsonSerializer.Deserialize<Job>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", name)), ChariotJson.Options)!;

    [Fact]
    public void A_job_written_by_go_with_empty_wrappers_and_zero_fields_is_read()
    {
        var job = ReadFile("go-job.json");

        Assert.Equal("analyst@example.com", job.Username);
        Assert.Equal("defender", job.Capability);
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal("high,medium", job.Config["alert_severity"]);
        Assert.Equal("s3cr3t~Value.With-Symbols_0123", job.Secret["client_secret"]);
        Assert.Null(job.Origin);
        Assert.Null(job.Parent);
        var integration = Assert.IsType<Integration>(job.Target);
        Assert.Equal("#integration#defender#contoso.onmicrosoft.com", integration.Key);
        Assert.Equal("#job#defender#contoso.onmicrosoft.com#defender", job.Key);
    }

    [Fact]
    public void The_zero_job_go_writes_reads_as_an_empty_job()
    {
        // json.Marshal(model.Job{}): null maps, empty strings, and three empty wrappers.
        var job = ReadFile("go-job-zero.json");

        Assert.Empty(job.Config);
        Assert.Empty(job.Secret);
        Assert.Null(job.Target);
        Assert.Null(job.Origin);
        Assert.Null(job.Parent);
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Null(job.Created);
    }

    [Theory]
    [InlineData("""{"model":null,"type":""}""")]
    [InlineData("""{"model":null,"type":"integration"}""")]
    [InlineData("""{}""")]
    public void A_wrapper_without_a_model_is_no_model(string wrapper)
    {
        // registry/wrapper.go UnmarshalJSON: isEmpty (model present and null, or no property at all) gives no model, and
        // a null model under a type is no model either (fromModel ignores what is not a map).
        var job = JsonSerializer.Deserialize<Job>($$"""{"username":"u","source":"defender","parent":{{wrapper}}}""", ChariotJson.Options)!;

        Assert.Null(job.Parent);
    }

    [Fact]
    public void A_wrapper_naming_its_type_in_another_case_is_read_as_go_reads_it()
    {
        // registry/wrapper.go fromProps compares the lower-cased type with the registered names.
        var job = JsonSerializer.Deserialize<Job>(
            """{"username":"u","source":"defender","target":{"type":"Integration","model":{"name":"defender","value":"contoso"}}}""",
            ChariotJson.Options)!;

        Assert.Equal("#integration#defender#contoso", job.Target!.Key);
    }
}
