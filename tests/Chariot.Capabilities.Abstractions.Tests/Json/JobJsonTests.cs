using System.Text.Json;
using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Tests.Json;

public sealed class JobJsonTests
{
    private const string ClientSecret = "s3cr3t~Value.With-Symbols_0123";

    private const string JobJson = $$"""
        {
          "username": "analyst@example.com",
          "source": "defender#2024-07-31T00:00:00Z",
          "status": "JQ#2024-07-31T00:00:00Z",
          "config": { "alert_severity": "high,medium", "importAssets": "true" },
          "secret": { "tenant_id": "b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c", "client_id": "11111111-2222-3333-4444-555555555555", "client_secret": "{{ClientSecret}}" },
          "target": { "type": "integration", "model": { "name": "defender", "value": "contoso.onmicrosoft.com" } },
          "unknownField": 42
        }
        """;

    private static Job Read() => JsonSerializer.Deserialize<Job>(JobJson, ChariotJson.Options)!;

    [Fact]
    public void Job_is_read_from_chariot_json()
    {
        var job = Read();

        Assert.Equal("analyst@example.com", job.Username);
        Assert.Equal("defender", job.Capability);
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal("high,medium", job.Config["alert_severity"]);
        Assert.Equal(ClientSecret, job.Secret["client_secret"]);
        var integration = Assert.IsType<Integration>(job.Target);
        Assert.Same(integration, job.Integration);
        Assert.Equal("#integration#defender#contoso.onmicrosoft.com", job.CheckpointScope);
        Assert.Equal("#job#defender#contoso.onmicrosoft.com#defender", job.Key);
    }

    [Fact]
    public void Explicit_job_key_wins_over_the_computed_one()
    {
        var job = Read() with { Key = "#job#custom#key#defender" };

        Assert.Equal("#job#custom#key#defender", job.Key);
    }

    [Fact]
    public void Serialized_job_carries_no_secret_at_all()
    {
        var json = JsonSerializer.Serialize(Read(), ChariotJson.Options);

        Assert.DoesNotContain(ClientSecret, json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"secret\"", json, StringComparison.Ordinal);
        Assert.Contains("\"target\":{\"type\":\"integration\"", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize<Job>(json, ChariotJson.Options)!;
        Assert.Empty(back.Secret);
        Assert.Equal("contoso.onmicrosoft.com", back.Integration!.Value);
    }

    [Fact]
    public void Job_and_secret_to_string_mask_every_value()
    {
        var job = Read();

        var text = job.ToString();

        Assert.DoesNotContain(ClientSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("b3c1b5fc", text, StringComparison.Ordinal);
        Assert.Contains("client_secret = *****", text, StringComparison.Ordinal);
        Assert.Equal("{client_id = *****, client_secret = *****, tenant_id = *****}", job.Secret.ToString());
    }

    [Fact]
    public void Enumerating_or_missing_a_secret_never_reveals_a_value()
    {
        var secret = Read().Secret;

        Assert.All(secret, pair => Assert.Equal("*****", pair.Value));
        Assert.Throws<NotSupportedException>(() => ((IReadOnlyDictionary<string, string>)secret).Values.ToList());
        var missing = Assert.Throws<KeyNotFoundException>(() => secret["client_certificate"]);
        Assert.DoesNotContain(ClientSecret, missing.Message, StringComparison.Ordinal);
        Assert.Contains("client_certificate", missing.Message, StringComparison.Ordinal);
        Assert.Contains(ClientSecret, secret.ValuesForRedaction());
        Assert.Null(secret.GetValueOrNull("absent"));
    }

    [Fact]
    public void Job_without_target_or_secret_reads_with_empty_defaults()
    {
        var job = JsonSerializer.Deserialize<Job>("""{"username":"u","key":"#job#a#b#c","source":"c"}""", ChariotJson.Options)!;

        Assert.Empty(job.Secret);
        Assert.Null(job.Target);
        Assert.Equal("#job#a#b#c", job.CheckpointScope);
    }
}
