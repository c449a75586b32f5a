using System.Text;
using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;
using Chariot.Host.Sample.Logging;
using Chariot.Host.Sample.Output;

namespace Chariot.Host.Sample.Tests;

/// <summary>The writer only makes a string of a line that may hold something to mask: it must never skip one that does.</summary>
public sealed class OutputMaskingTests
{
    private const string Secret = "s3cr3t~value_Q1";

    public static TheoryData<string> Texts =>
    [
        "nothing to see here",
        "x s3cr3t~value_Q1 y",
        "Authorization: Bearer abc.def-ghi",
        "authorization: BASIC dXNlcjpwYXNz",
        "SharedAccessSignature sr=x&sig=abc",
        "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
        "grant&client_secret=hunter22&x=1",
        "https://x.test/?code=abc&state=1",
        "PASSWORD=letmein",
        "refresh_token=abc access_token=def",
        "access_to\u212Aen=kelvin-sign",
        "client_\u017Fecret=long-s",
        "pa\u017F\u017Fword=long-s",
        "B\u0130g bearer with dotted I",
        "a basic fact",
        "eyj lower case",
        "the sig is here",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_text_the_redactor_would_change_is_always_one_that_may_be_masked(string text)
    {
        var redactor = new SecretRedactor();
        redactor.Add([Secret]);

        var changed = redactor.Redact(text) != text;

        Assert.True(!changed || redactor.MayMask(text), $"'{text}' is masked by Redact but MayMask said no");
    }

    [Theory]
    [InlineData("a\"b\\c-é-d", "a\\\"b\\\\c-\\u00e9-d")] // issue 11.6: JSON-escaped with \" and \u00e9 together
    [InlineData("a\"b\\c-é-d", "a\\\"b\\\\c-\\u00E9-d")]
    [InlineData("pass word+x/é", "pass+word%2Bx%2F%C3%A9")] // form-encoded: a space as +
    [InlineData("s3cr3t~Value.With-Symbols_0123", "czNjcjN0flZhbHVlLldpdGgtU3ltYm9sc18wMTIz")] // base64
    [InlineData("s3cr3t~Value.With-Symbols_0123?", "czNjcjN0flZhbHVlLldpdGgtU3ltYm9sc18wMTIzPw")] // base64url, unpadded
    public void Every_encoding_of_a_secret_a_server_may_echo_is_masked(string secret, string echoed)
    {
        var redactor = new SecretRedactor();
        redactor.Add([secret]);

        var text = $"the server said: {{\"detail\":\"{echoed}\"}}";

        Assert.True(redactor.MayMask(text));
        Assert.DoesNotContain(echoed, redactor.Redact(text), StringComparison.Ordinal);
    }

    [Fact]
    public void A_clean_line_is_not_sent_down_the_slow_path()
    {
        var redactor = new SecretRedactor();
        redactor.Add([Secret]);
        var line = ChariotJson.Wrap(new Asset("build-00004.corp.contoso.com", "10.0.0.4") { CloudId = "03faf861516f9643b8fb59a42a62980a00000004" });

        Assert.False(redactor.MayMask(line));
        Assert.True(redactor.MayMask(line + Secret));
    }

    [Fact]
    public async Task A_secret_in_a_result_is_masked_in_the_file_as_on_stdout()
    {
        var redactor = new SecretRedactor();
        redactor.Add([Secret]);
        var risk = new Risk("h.contoso.com", "cmd", RiskStatus.Triage(Severity.Low))
        {
            Comment = $"ran: tool --key {Secret} --password=hunter22 token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln é",
        };
        var clean = new Asset("h.contoso.com", "10.0.0.1") { Comment = "é 😀 \"quoted\"" };
        var path = Path.Combine(TempDirectory.Create("masked-file"), "out.ndjson");
        var stdout = new StringWriter();

        await using (var file = NdjsonResultWriter.Open(path, TextWriter.Null, redactor))
        await using (var text = NdjsonResultWriter.Open(null, stdout, redactor))
        {
            foreach (var writer in new[] { file, text })
            {
                await writer.WriteAsync(risk, CancellationToken.None);
                await writer.WriteAsync(clean, CancellationToken.None);
                Assert.Equal(2, writer.LinesWritten);
            }
        }

        var written = await File.ReadAllTextAsync(path, Encoding.UTF8);
        Assert.Equal(stdout.ToString(), written);
        Assert.DoesNotContain(Secret, written, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter22", written, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJzdWIiOiIxIn0", written, StringComparison.Ordinal);
        var lines = written.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal("", lines[2]);
        Assert.Equal(ChariotJson.Wrap(clean), lines[1]);
        Assert.Equal("é", Assert.IsType<Risk>(ChariotJson.Unwrap(lines[0])).Comment![^1..]);
    }
}
