using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Testing.Identity;

namespace Chariot.Capabilities.Defender.Testing.Routing;

/// <summary>One call being answered: the request, the caller's token, the fault drawn for it and the tenant clock.</summary>
internal sealed record RequestContext(FakeRequest Request, IssuedToken? Token, Fault? Fault, DateTimeOffset Now)
{
    /// <summary>
    /// The absolute nextLink for a page, on the host and port the request came in on, bent by a paging fault.
    /// Clients must follow it verbatim; the fake never expects them to build one.
    /// </summary>
    public string NextLink(string pathAndQuery)
    {
        var origin = Request.BaseUri.GetLeftPart(UriPartial.Authority);
        return Fault?.Kind switch
        {
            FaultKind.RepeatingNextLink => origin + Request.RawPathAndQuery,
            FaultKind.ForeignNextLink => "https://" + Fault.ForeignHost + pathAndQuery,
            _ => origin + pathAndQuery,
        };
    }

    public string ServiceRoot => Request.BaseUri.GetLeftPart(UriPartial.Authority);
}
