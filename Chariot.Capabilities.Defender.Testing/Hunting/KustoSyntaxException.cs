namespace Chariot.Capabilities.Defender.Testing.Hunting;

/// <summary>
/// A hunting query the fake cannot parse, or one naming a table, column or function it does not know: answered as 400
/// with the message, as the service answers a query it cannot compile, never run in part.
/// </summary>
internal sealed class KustoSyntaxException : FormatException
{
    public KustoSyntaxException()
    {
    }

    public KustoSyntaxException(string message)
        : base(message)
    {
    }

    public KustoSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
