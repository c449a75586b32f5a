namespace Chariot.Capabilities.Defender.Testing.OData;

/// <summary>A <c>$filter</c> the fake cannot parse or does not support; answered as 400, never silently ignored.</summary>
internal sealed class FilterSyntaxException : FormatException
{
    public FilterSyntaxException()
    {
    }

    public FilterSyntaxException(string message)
        : base(message)
    {
    }

    public FilterSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
