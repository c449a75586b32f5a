namespace Chariot.Capabilities.Json;

/// <summary>A status that travels as a short tabularium code string.</summary>
/// <typeparam name="TSelf">The status type.</typeparam>
public interface IStatusCode<TSelf>
    where TSelf : IStatusCode<TSelf>
{
    /// <summary>The code, for example <c>A</c>, <c>TH</c> or <c>JQ</c>.</summary>
    string Code { get; }

    /// <summary>Parses a code.</summary>
    /// <exception cref="FormatException">The code is not a status of this kind.</exception>
    static abstract TSelf Parse(string code);
}
