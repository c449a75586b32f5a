using System.Text.Json.Serialization.Metadata;
using Chariot.Capabilities.Defender.Api;

namespace Chariot.Capabilities.Defender.Vulnerabilities;

/// <summary>What an export is of, for <see cref="ExportReader"/>.</summary>
/// <typeparam name="T">A line's record.</typeparam>
/// <param name="Name">Its name in messages (<c>vulnerability</c>, <c>software inventory</c>).</param>
/// <param name="Endpoint">The API that answers the export's file links (and the permission its files need).</param>
/// <param name="Request">Asks for the export, the file links valid for the given hours.</param>
/// <param name="Row">How a line is read.</param>
internal sealed record ExportSource<T>(string Name, ApiEndpoint Endpoint, Func<int?, CancellationToken, Task<HttpResponseMessage>> Request, JsonTypeInfo<T> Row);
