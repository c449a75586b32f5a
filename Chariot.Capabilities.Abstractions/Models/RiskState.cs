namespace Chariot.Capabilities.Models;

/// <summary>A risk's state: the first letter of its status.</summary>
public enum RiskState
{
    /// <summary><c>T</c>: new, waiting for triage. New findings are emitted in this state.</summary>
    Triage,

    /// <summary><c>O</c>: open.</summary>
    Open,

    /// <summary><c>I</c>: accepted (tabularium's <c>Ignored</c>).</summary>
    Accepted,

    /// <summary><c>R</c>: remediated.</summary>
    Remediated,

    /// <summary><c>D</c>: rejected; carries a <see cref="RiskSubState"/>.</summary>
    Deleted,
}

/// <summary>Why a risk was rejected: the third letter of a <see cref="RiskState.Deleted"/> status.</summary>
public enum RiskSubState
{
    /// <summary><c>F</c>: a false positive.</summary>
    FalsePositive,

    /// <summary><c>S</c>: out of scope.</summary>
    OutOfScope,

    /// <summary><c>O</c>: another reason.</summary>
    Other,

    /// <summary><c>D</c>: a duplicate.</summary>
    Duplicate,
}
