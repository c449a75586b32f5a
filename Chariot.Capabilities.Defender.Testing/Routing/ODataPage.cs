using System.Text.Json;

namespace Chariot.Capabilities.Defender.Testing.Routing;

/// <summary>
/// The Defender for Endpoint page shape, <c>{"@odata.context", "value": [...], "@odata.nextLink"}</c>, streamed item by
/// item so a big page never sits in memory.
/// </summary>
internal static class ODataPage
{
    public static FakeResponse Response<T>(string metadata, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeItem, string? nextLink) =>
        FakeResponse.JsonStream(200, async (writer, cancellationToken) =>
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.context", metadata);
            writer.WriteStartArray("value");
            foreach (var item in items)
            {
                writeItem(writer, item);
                await writer.FlushIfFullAsync(cancellationToken);
            }

            writer.WriteEndArray();
            if (nextLink is not null)
            {
                writer.WriteString("@odata.nextLink", nextLink);
            }

            writer.WriteEndObject();
        });

    /// <summary>Writes a model as its JSON (Serialize(writer, ...) would flush synchronously, which Kestrel refuses).</summary>
    public static void WriteModel<T>(Utf8JsonWriter writer, T model) =>
        writer.WriteRawValue(JsonSerializer.SerializeToUtf8Bytes(model, Data.TenantJson.Options), skipInputValidation: true);
}
