using System.Text.Json;
using System.Xml;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Graph;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Hunting;

/// <summary>
/// Graph <c>POST /v1.0/security/runHuntingQuery</c>: runs the body's <c>Query</c> (the subset of <see cref="KustoQuery"/>)
/// over the tenant's hunting tables (<c>DeviceInfo</c>) within its <c>Timespan</c> (ISO 8601, default and at most 30 days:
/// hunting keeps 30 days) and answers <c>huntingQueryResults</c> as documented: <c>schema</c> (<c>name</c>, <c>type</c>)
/// and <c>results</c>. A result holds at most <see cref="DocumentedRowLimit"/> rows (or the tenant's <see cref="FakeDefenderTenantOptions.HuntingRowLimit"/>): the rest is cut off without a word (the
/// documented limit; how the service signals it is not documented, so the fake assumes the worst). A query it cannot
/// compile is a 400 <c>BadRequest</c> saying why; the 45 calls a minute are the router's rate limit.
/// </summary>
internal sealed class HuntingEndpoint(TenantData data, int rowLimit)
{
    public const int DocumentedRowLimit = 100_000;

    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public FakeResponse Handle(RequestContext context)
    {
        if (Read(context.Request.Body) is not var (query, window))
        {
            return GraphErrors.Response(400, "BadRequest", "The request body must be a JSON object with a 'Query' string and an optional 'Timespan' (ISO 8601 duration).", context.Now);
        }

        List<object?[]> rows;
        KustoTable result;
        try
        {
            var since = context.Now - (window is { } asked && asked < Retention ? asked : Retention);
            result = KustoQuery.Run(query, table => table == "DeviceInfo" ? DeviceInfoTable.Of(data, since) : null, context.Now);
            rows = [.. result.Rows.Take(rowLimit)];
        }
        catch (KustoSyntaxException e)
        {
            return GraphErrors.Response(400, "BadRequest", e.Message, context.Now);
        }

        return FakeResponse.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.context", context.ServiceRoot + "/v1.0/$metadata#microsoft.graph.security.huntingQueryResults");
            writer.WriteStartArray("schema");
            foreach (var column in result.Columns)
            {
                writer.WriteStartObject();
                writer.WriteString("name", column.Name);
                writer.WriteString("type", column.Type.ToString());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("results");
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                for (var i = 0; i < result.Columns.Count; i++)
                {
                    writer.WritePropertyName(result.Columns[i].Name);
                    WriteValue(writer, row[i]);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    // {"Query": "...", "Timespan": "P7D"}, names in any case (the documented examples write them in Pascal case).
    private static (string Query, TimeSpan? Window)? Read(string? body)
    {
        try
        {
            using var document = JsonDocument.Parse(body ?? "");
            string? query = null;
            TimeSpan? window = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.Equals("Query", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                {
                    query = property.Value.GetString();
                }
                else if (property.Name.Equals("Timespan", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                {
                    window = XmlConvert.ToTimeSpan(property.Value.GetString()!);
                }
            }

            return string.IsNullOrWhiteSpace(query) ? null : (query, window);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case DateTimeOffset time:
                writer.WriteStringValue(KustoFunctions.Written(time));
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
