using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Machines;

/// <summary>Defender for Endpoint's error envelope: <c>{"error":{"code","message","target"}}</c>; target is a request id.</summary>
internal static class MdeErrors
{
    public static FakeResponse Response(int status, string code, string message) =>
        FakeResponse.Json(status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            writer.WriteString("target", Guid.NewGuid().ToString());
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    public static FakeResponse TooManyRequests() =>
        Response(429, "TooManyRequests", "Response represents reaching quota limit either by number of requests or by CPU.");

    public static FakeResponse InvalidRequestBody(string message) => Response(400, "InvalidRequestBody", message);

    public static FakeResponse InvalidInput(string message) => Response(400, "InvalidInput", message);

    public static FakeResponse NotFound(string message) => Response(404, "ResourceNotFound", message);
}
