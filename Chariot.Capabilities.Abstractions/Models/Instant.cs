namespace Chariot.Capabilities.Models;

/// <summary>
/// A model's optional timestamp, kept in 8 bytes as its UTC ticks (where <c>DateTimeOffset?</c> takes 24): a sync makes
/// millions of models with two or three timestamps each. Equal when the instants are, as <c>DateTimeOffset</c> is; read
/// back in UTC, as Chariot writes every timestamp.
/// </summary>
internal readonly record struct Instant
{
    // UTC ticks + 1; 0 is none (no instant has ticks -1).
    private readonly long _stored;

    public Instant(DateTimeOffset? value) => _stored = value is { } v ? v.UtcTicks + 1 : 0;

    public DateTimeOffset? Value => _stored == 0 ? null : new DateTimeOffset(_stored - 1, TimeSpan.Zero);
}
