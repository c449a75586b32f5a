using Refit;

namespace Chariot.Capabilities.Defender.Api;

/// <summary>Downloads export files from their SAS URLs. Its client carries no token: storage must never see one.</summary>
internal interface IExportFileApi
{
    /// <summary>Downloads one gzip JSON-lines file.</summary>
    [Get("")]
    Task<HttpResponseMessage> DownloadAsync([Url] Uri file, CancellationToken cancellationToken);
}
