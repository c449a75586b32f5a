using Chariot.Capabilities.Defender.Testing.OData;

namespace Chariot.Capabilities.Defender.Testing.Tests;

public sealed class FilterParserTests
{
    private static readonly FilterSchema Schema = new("name", "score", "when", "tags");

    [Theory]
    [InlineData("name eq 'o''brien'", true)]
    [InlineData("name eq 'O''BRIEN'", true)]
    [InlineData("name ne 'o''brien'", false)]
    [InlineData("score gt 5 and score le 7", true)]
    [InlineData("not (score lt 7) or name eq 'x'", true)]
    [InlineData("name in ('a', 'o''brien')", true)]
    [InlineData("startswith(name,'o''b') and endswith(name,'ien') and contains(name,'bri')", true)]
    [InlineData("when ge 2024-07-31T00:00:00Z and when lt 2024-08-01T00:00:00.000Z", true)]
    [InlineData("when gt 2024-07-31T12:00:00Z", false)]
    [InlineData("name eq null", false)]
    [InlineData("tags/any(tag: tag eq 'Prod')", true)]
    [InlineData("tags/any(t: t eq 'dev') or tags/any(t: t eq 'web')", true)]
    [InlineData("tags/any(tag: tag eq 'dev') and score eq 7", false)]
    [InlineData("tags/any(tag: startswith(tag,'pr') and name eq 'o''brien')", true)]
    public void Filters_evaluate_like_odata(string filter, bool expected)
    {
        var expression = FilterParser.Parse(filter, Schema);
        var values = new Dictionary<string, object?> { ["name"] = "o'brien", ["score"] = 7, ["when"] = new DateTimeOffset(2024, 7, 31, 12, 0, 0, TimeSpan.Zero), ["tags"] = new[] { "prod", "web" } };

        Assert.Equal(expected, FilterEvaluator.Matches(expression, field => values[field]));
    }

    [Theory]
    [InlineData("title eq 'x'")]
    [InlineData("name eq 'unterminated")]
    [InlineData("name eq 'a' and")]
    [InlineData("tolower(name) eq 'a'")]
    [InlineData("(name eq 'a'")]
    [InlineData("name 'a'")]
    [InlineData("title/any(t: t eq 'x')")]
    [InlineData("tags/any(name: name eq 'x')")]
    [InlineData("tags/any(t t eq 'x')")]
    [InlineData("t eq 'x'")]
    public void Unsupported_or_malformed_filters_are_rejected(string filter) =>
        Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(filter, Schema));
}
