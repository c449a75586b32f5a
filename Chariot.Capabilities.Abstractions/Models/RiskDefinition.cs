using System.Text;

namespace Chariot.Capabilities.Models;

/// <summary>
/// The four sections of a risk definition (<c>definitions/{name}</c>), rendered as tabularium does: each non-empty
/// section as <c>#### Title\n{text}\n</c>.
/// </summary>
/// <param name="Description">What the vulnerability is.</param>
/// <param name="Impact">What an attacker gains.</param>
/// <param name="Recommendation">How to fix it.</param>
/// <param name="References">Links and identifiers.</param>
public sealed record RiskDefinition(string Description, string Impact, string Recommendation, string References)
{
    /// <summary>The markdown body.</summary>
    public string ToMarkdown()
    {
        var body = new StringBuilder();
        Append(body, "Vulnerability Description", Description);
        Append(body, "Impact", Impact);
        Append(body, "Recommendation", Recommendation);
        Append(body, "References", References);
        return body.ToString();
    }

    /// <summary>
    /// The definition file of the risks named <paramref name="riskName"/>: <c>definitions/{name}</c> with the name formatted
    /// as risks format it, never overwriting a definition Chariot already has.
    /// </summary>
    public ChariotFile ToFile(string riskName) =>
        new($"definitions/{Risk.FormatName(riskName)}") { Bytes = Encoding.UTF8.GetBytes(ToMarkdown()), Overwrite = false };

    private static void Append(StringBuilder body, string title, string text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            body.Append("#### ").Append(title).Append('\n').Append(text).Append('\n');
        }
    }
}
