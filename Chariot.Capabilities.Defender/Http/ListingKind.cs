using Chariot.Capabilities.Defender.Paging;

namespace Chariot.Capabilities.Defender.Http;

/// <summary>A kind of call that lists records in pages: what every call has, and the page it asks for.</summary>
/// <param name="Budget">Its documented budget.</param>
/// <param name="Stream">The summary stream.</param>
/// <param name="PageSize">The records a page asks for: the largest page the API accepts (<see cref="Configuration.SyncTuning"/>).</param>
internal sealed record ListingKind(DocumentedBudget Budget, string Stream, int PageSize) : CallKind(Budget, Stream)
{
    /// <summary>The most records a page may hold: the page asked for, with room for a service that gives more.</summary>
    public int MaxPageItems => PageLimits.PageSizeTolerance * PageSize;
}
