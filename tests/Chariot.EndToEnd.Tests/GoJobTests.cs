using Chariot.EndToEnd.Tests.Support;

namespace Chariot.EndToEnd.Tests;

/// <summary>
/// A job file as Chariot's Go runner writes it (every field, zero values, empty wrappers: <see cref="DefenderJob.ToGoJson"/>)
/// goes through the host's <c>validate</c> and <c>run</c> exactly as the hand-written one does.
/// </summary>
public sealed class GoJobTests(FakeTenantFixture fixture) : IClassFixture<FakeTenantFixture>
{
    [Fact]
    public async Task Validate_reads_a_go_shaped_job()
    {
        var result = await fixture.Host().RunAsync("validate", "--job", fixture.Job().WriteGoShapedTo(fixture.WorkDirectory));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("""{"valid":true}""", result.Out.Trim());
    }

    [Fact]
    public async Task Run_of_a_go_shaped_job_sends_what_the_plain_job_sends()
    {
        var plainOut = Path.Combine(fixture.WorkDirectory, $"plain-{Guid.NewGuid():N}.ndjson");
        var goOut = Path.Combine(fixture.WorkDirectory, $"go-{Guid.NewGuid():N}.ndjson");

        var plain = await fixture.Host().RunAsync("run", "--job", fixture.Job().WriteTo(fixture.WorkDirectory), "--out", plainOut);
        var go = await fixture.Host().RunAsync("run", "--job", fixture.Job().WriteGoShapedTo(fixture.WorkDirectory), "--out", goOut);

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.True(go.ExitCode == 0, go.ToString());
        var plainKeys = Emitted.ReadFile(plainOut).Select(e => $"{e.Type} {e.Key}").Order(StringComparer.Ordinal).ToList();
        var goKeys = Emitted.ReadFile(goOut).Select(e => $"{e.Type} {e.Key}").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(goKeys);
        Assert.Equal(plainKeys, goKeys);
    }
}
