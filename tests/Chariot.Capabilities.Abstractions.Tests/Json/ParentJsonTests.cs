using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Tests.Json;

/// <summary>A parent's JSON is made once for its attributes' lines: every line must still carry exactly the parent.</summary>
public sealed class ParentJsonTests
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Escaping = new(ChariotJson.Options) { Encoder = JavaScriptEncoder.Default };
    private static readonly JsonSerializerOptions Indented = new(ChariotJson.Options) { WriteIndented = true };

    private static string ParentOf(string line) =>
        JsonNode.Parse(line)!["model"]!["parent"]!.ToJsonString(Relaxed);

    private static string Normalized(string json) =>
        JsonNode.Parse(json)!.ToJsonString(Relaxed);

    [Fact]
    public void Each_attribute_line_carries_its_own_parent_as_the_parent_is_written_alone()
    {
        var first = new Asset("müller-pc.contoso.com", "10.0.0.1") { Comment = "é \"q\"" };
        var second = first with { Comment = "changed" };
        var risk = new Risk("h.contoso.com", "CVE-2024-1", RiskStatus.Triage(Severity.High));

        foreach (var parent in new ChariotModel[] { first, first, second, first, risk, risk })
        {
            var line = ChariotJson.Wrap(new ChariotAttribute("n", "v", parent));

            Assert.Equal(Normalized(ChariotJson.Wrap(parent)), ParentOf(line));
            Assert.Contains(ChariotJson.Wrap(parent), line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_same_parent_under_other_options_is_written_under_those_options()
    {
        var parent = new Asset("h.contoso.com", "10.0.0.1") { Comment = "é <b>" };
        var escaping = Escaping;
        var relaxed = ChariotJson.Wrap(new ChariotAttribute("n", "v", parent));

        var escaped = JsonSerializer.Serialize<ChariotModel>(new ChariotAttribute("n", "v", parent), escaping);
        var indented = JsonSerializer.Serialize<ChariotModel>(new ChariotAttribute("n", "v", parent), Indented);

        Assert.Contains("é <b>", relaxed, StringComparison.Ordinal);
        Assert.Contains("\\u00E9 \\u003Cb\\u003E", escaped, StringComparison.Ordinal);
        Assert.Equal(JsonSerializer.Serialize<ChariotModel>(parent, escaping), JsonNode.Parse(escaped)!["model"]!["parent"]!.ToJsonString(escaping));
        Assert.Equal(Normalized(relaxed), Normalized(indented));
        Assert.Contains(Environment.NewLine + "      \"type\": \"asset\"", indented, StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_parent_written_is_not_kept_alive()
    {
        var parent = WriteAndForget();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(parent.TryGetTarget(out _), "the parent of the last attribute written is still alive");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<ChariotModel> WriteAndForget()
    {
        var parent = new Asset("gone.contoso.com", "10.0.0.9") { Tags = ["t"] };
        _ = ChariotJson.Wrap(new ChariotAttribute("n", "v", parent));
        return new WeakReference<ChariotModel>(parent);
    }
}
