using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Chariot.Capabilities.Json;

namespace Chariot.Capabilities.Models;

/// <summary>
/// A risk status: state + severity (+ a sub-state for rejected risks), rendered as tabularium's codes
/// (<c>TH</c>, <c>RM</c>, <c>DLF</c>...).
/// </summary>
[JsonConverter(typeof(StatusCodeConverter<RiskStatus>))]
public readonly record struct RiskStatus : IStatusCode<RiskStatus>
{
    /// <summary>Creates a status; a sub-state is required for, and only allowed with, <see cref="RiskState.Deleted"/>.</summary>
    public RiskStatus(RiskState state, Severity severity, RiskSubState? subState = null)
    {
        if (state == RiskState.Deleted && subState is null)
        {
            throw new ArgumentException("A rejected (D) risk status needs a sub-state: F, S, O or D.", nameof(subState));
        }

        if (state != RiskState.Deleted && subState is not null)
        {
            throw new ArgumentException($"Only a rejected (D) risk status has a sub-state, not {state}.", nameof(subState));
        }

        State = state;
        Severity = severity;
        SubState = subState;
    }

    /// <summary>The state.</summary>
    public RiskState State { get; }

    /// <summary>The severity.</summary>
    public Severity Severity { get; }

    /// <summary>The rejection reason, for <see cref="RiskState.Deleted"/> only.</summary>
    public RiskSubState? SubState { get; }

    /// <summary>The tabularium code, for example <c>TH</c> or <c>DLF</c>.</summary>
    public string Code => Codes.GetOrAdd(this, static status => status.SubState is { } sub
        ? new string([StateLetter(status.State), status.Severity.Letter(), SubStateLetter(sub)])
        : new string([StateLetter(status.State), status.Severity.Letter()]));

    /// <summary>Chariot's priority for this status' severity.</summary>
    public int Priority => Severity.Priority();

    /// <summary>A new finding: triage at the given severity.</summary>
    public static RiskStatus Triage(Severity severity) => new(RiskState.Triage, severity);

    /// <summary>Parses a tabularium code.</summary>
    /// <exception cref="FormatException">The code is not a risk status.</exception>
    public static RiskStatus Parse(string code) =>
        TryParse(code, out var status)
            ? status
            : throw new FormatException($"'{code}' is not a risk status: expected a state (T, O, I, R, D), a severity (I, L, M, H, C, E) and, for D only, a sub-state (F, S, O, D), as in TH, RM or DLF.");

    /// <summary>Parses a tabularium code, returning false when it is not one.</summary>
    public static bool TryParse([NotNullWhen(true)] string? code, out RiskStatus status)
    {
        status = default;
        if (code is null || code.Length is < 2 or > 3)
        {
            return false;
        }

        RiskState? state = code[0] switch
        {
            'T' => RiskState.Triage,
            'O' => RiskState.Open,
            'I' => RiskState.Accepted,
            'R' => RiskState.Remediated,
            'D' => RiskState.Deleted,
            _ => null,
        };
        var severity = Severities.FromLetter(code[1]);
        RiskSubState? sub = code.Length == 3 ? SubStateFromLetter(code[2]) : null;
        if (state is null || severity is null || (code.Length == 3 && sub is null) || (state == RiskState.Deleted) != (sub is not null))
        {
            return false;
        }

        status = new RiskStatus(state.Value, severity.Value, sub);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Code;

    // The codes are few (five states by six severities, and four sub-states of rejected): each is made once, not once a line.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<RiskStatus, string> Codes = new();

    private static char StateLetter(RiskState state) => state switch
    {
        RiskState.Triage => 'T',
        RiskState.Open => 'O',
        RiskState.Accepted => 'I',
        RiskState.Remediated => 'R',
        RiskState.Deleted => 'D',
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown risk state."),
    };

    private static char SubStateLetter(RiskSubState sub) => sub switch
    {
        RiskSubState.FalsePositive => 'F',
        RiskSubState.OutOfScope => 'S',
        RiskSubState.Other => 'O',
        RiskSubState.Duplicate => 'D',
        _ => throw new ArgumentOutOfRangeException(nameof(sub), sub, "Unknown risk sub-state."),
    };

    private static RiskSubState? SubStateFromLetter(char letter) => letter switch
    {
        'F' => RiskSubState.FalsePositive,
        'S' => RiskSubState.OutOfScope,
        'O' => RiskSubState.Other,
        'D' => RiskSubState.Duplicate,
        _ => null,
    };
}
