using System.Text.Json.Serialization;
using Chariot.Capabilities.Json;

namespace Chariot.Capabilities.Models;

/// <summary>An asset status, as tabularium codes it: <c>A</c>, <c>P</c>, <c>D</c>, <c>F</c>, <c>FR</c>, <c>AL</c>, <c>AP</c>, <c>AH</c>.</summary>
[JsonConverter(typeof(StatusCodeConverter<AssetStatus>))]
public readonly record struct AssetStatus : IStatusCode<AssetStatus>
{
    private static readonly string[] KnownCodes = ["A", "P", "D", "F", "FR", "AL", "AP", "AH"];

    private AssetStatus(string code) => Code = code;

    /// <summary><c>A</c>: active.</summary>
    public static AssetStatus Active { get; } = new("A");

    /// <summary><c>P</c>: pending.</summary>
    public static AssetStatus Pending { get; } = new("P");

    /// <summary><c>D</c>: deleted.</summary>
    public static AssetStatus Deleted { get; } = new("D");

    /// <summary><c>F</c>: frozen.</summary>
    public static AssetStatus Frozen { get; } = new("F");

    /// <summary><c>FR</c>: frozen and rejected.</summary>
    public static AssetStatus FrozenRejected { get; } = new("FR");

    /// <summary><c>AL</c>: active, scanned at low intensity.</summary>
    public static AssetStatus ActiveLow { get; } = new("AL");

    /// <summary><c>AP</c>: active, scanned passively.</summary>
    public static AssetStatus ActivePassive { get; } = new("AP");

    /// <summary><c>AH</c>: active, scanned at high intensity.</summary>
    public static AssetStatus ActiveHigh { get; } = new("AH");

    /// <summary>The code.</summary>
    public string Code => field ?? "A";

    /// <summary>True for every active variant (tabularium's prefix match on <c>A</c>).</summary>
    public bool IsActive => Code[0] == 'A';

    /// <summary>Parses a code.</summary>
    /// <exception cref="FormatException">The code is not an asset status.</exception>
    public static AssetStatus Parse(string code) =>
        Array.IndexOf(KnownCodes, code) >= 0
            ? new AssetStatus(code)
            : throw new FormatException($"'{code}' is not an asset status: expected one of {string.Join(", ", KnownCodes)}.");

    /// <inheritdoc />
    public override string ToString() => Code;
}
