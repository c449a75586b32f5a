using System.Text.Json.Serialization;
using Chariot.Capabilities.Json;

namespace Chariot.Capabilities.Models;

/// <summary>A job status: <c>JQ</c> queued, <c>JR</c> running, <c>JRA</c>/<c>JQA</c> async, <c>JF</c> failed, <c>JP</c> passed.</summary>
/// <remarks>Tabularium stores it as <c>{code}#{updated}</c>; reading keeps the code, writing writes the code alone.</remarks>
[JsonConverter(typeof(StatusCodeConverter<JobStatus>))]
public readonly record struct JobStatus : IStatusCode<JobStatus>
{
    private static readonly string[] KnownCodes = ["JQ", "JR", "JRA", "JQA", "JF", "JP"];

    private JobStatus(string code) => Code = code;

    /// <summary><c>JQ</c>: queued.</summary>
    public static JobStatus Queued { get; } = new("JQ");

    /// <summary><c>JR</c>: running.</summary>
    public static JobStatus Running { get; } = new("JR");

    /// <summary><c>JRA</c>: running asynchronously.</summary>
    public static JobStatus AsyncRunning { get; } = new("JRA");

    /// <summary><c>JQA</c>: returning from an asynchronous run.</summary>
    public static JobStatus AsyncReturning { get; } = new("JQA");

    /// <summary><c>JF</c>: failed.</summary>
    public static JobStatus Failed { get; } = new("JF");

    /// <summary><c>JP</c>: passed.</summary>
    public static JobStatus Passed { get; } = new("JP");

    /// <summary>The code.</summary>
    public string Code => field ?? "JQ";

    /// <summary>
    /// Parses a code, with or without tabularium's <c>#timestamp</c> suffix. An empty code (Go's zero value: a job not
    /// given a status yet, which Chariot queues) is <see cref="Queued"/>.
    /// </summary>
    /// <exception cref="FormatException">The code is not a job status.</exception>
    public static JobStatus Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var hash = code.IndexOf('#', StringComparison.Ordinal);
        var bare = hash < 0 ? code : code[..hash];
        if (bare.Length == 0)
        {
            return Queued;
        }

        return Array.IndexOf(KnownCodes, bare) >= 0
            ? new JobStatus(bare)
            : throw new FormatException($"'{code}' is not a job status: expected one of {string.Join(", ", KnownCodes)}.");
    }

    /// <inheritdoc />
    public override string ToString() => Code;
}
