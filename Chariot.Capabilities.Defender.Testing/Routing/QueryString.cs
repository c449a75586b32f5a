using System.Text;

namespace Chariot.Capabilities.Defender.Testing.Routing;

/// <summary>Builds a query string for links: OData names (<c>$top</c>) stay readable, values are percent-encoded.</summary>
internal static class QueryString
{
    public static string Build(params (string Name, string? Value)[] parameters)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(builder.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }
}
