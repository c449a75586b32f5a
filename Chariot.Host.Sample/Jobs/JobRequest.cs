using Chariot.Capabilities.Models;
using Chariot.Host.Sample.Output;

namespace Chariot.Host.Sample.Jobs;

/// <summary>What to do with a job once its capability matched.</summary>
internal abstract record JobRequest
{
    /// <summary>Run the job (Invoke), writing results to <paramref name="Results"/>.</summary>
    public sealed record Run(NdjsonResultWriter Results) : JobRequest;

    /// <summary>Only validate the credentials.</summary>
    public sealed record Validate : JobRequest;

    /// <summary>Ask whether <paramref name="Asset"/> belongs to the integrated account.</summary>
    public sealed record Affiliation(Asset Asset) : JobRequest;
}
