using System.Text.Json;
using System.Text.Json.Serialization;
using Chariot.Capabilities.Defender.Sync;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// Where the alert sync stands: the next sync asks for <c>lastUpdateDateTime ge</c> <see cref="Time"/> and skips the
/// alert versions in <see cref="Sent"/> (every version sent at or after that time). Alerts sharing a timestamp are
/// neither lost (as with a strict <c>gt</c>) nor sent twice, and an alert updated while a sync was reading is seen
/// by the next one, since the time never passes the moment the sync started (less a settling margin).
/// </summary>
/// <param name="Time">The watermark.</param>
/// <param name="Sent">The alert versions sent at or after the watermark.</param>
internal sealed record AlertCheckpoint(DateTimeOffset Time, IReadOnlyList<SentAlert> Sent)
{
    /// <summary>
    /// The alerts open when last seen: a later sync that sees only another alert of the same detection resolved must
    /// not close a risk these still hold open. Null in checkpoints saved before it existed.
    /// </summary>
    [JsonConverter(typeof(OpenAlertsJson))]
    public IReadOnlyList<OpenAlert>? Open { get; init; }

    /// <summary>
    /// Closed alerts whose risk was held back when a sync saved its progress before the end of the listing (a later alert
    /// of the same detection could still have been open): the sync that resumes decides them. Null when none.
    /// </summary>
    public IReadOnlyList<HeldAlert>? Held { get; init; }

    /// <summary>The checkpoint's stream name.</summary>
    public const string Stream = "alerts";

    /// <summary>Serialized for the checkpoint store.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, AlertJson.Default.AlertCheckpoint);

    /// <summary>
    /// Serialized for the checkpoint store as UTF-8 (the text of <see cref="ToJson()"/>), into a buffer kept between saves:
    /// the bytes are the buffer's, valid until its next use.
    /// </summary>
    public ReadOnlyMemory<byte> ToUtf8(System.Buffers.ArrayBufferWriter<byte> buffer) => CheckpointJson.Utf8(this, AlertJson.Default.AlertCheckpoint, buffer);

    /// <summary>Reads a saved checkpoint; null when there is none or it cannot be read (then the sync starts over).</summary>
    public static AlertCheckpoint? FromJson(string? json) => CheckpointJson.Read(json, AlertJson.Default.AlertCheckpoint, checkpoint => checkpoint.Sent is not null);
}
