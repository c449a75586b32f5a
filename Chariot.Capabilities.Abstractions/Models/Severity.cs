namespace Chariot.Capabilities.Models;

/// <summary>A risk's severity: the second letter of its status (tabularium's <c>RiskSeverity</c>).</summary>
public enum Severity
{
    /// <summary><c>I</c>: informational.</summary>
    Info,

    /// <summary><c>L</c>: low.</summary>
    Low,

    /// <summary><c>M</c>: medium.</summary>
    Medium,

    /// <summary><c>H</c>: high.</summary>
    High,

    /// <summary><c>C</c>: critical.</summary>
    Critical,

    /// <summary><c>E</c>: exposure.</summary>
    Exposure,
}

/// <summary>Severity letters, priorities and the CVSS bands.</summary>
public static class Severities
{
    /// <summary>The status letter of a severity.</summary>
    public static char Letter(this Severity severity) => severity switch
    {
        Severity.Info => 'I',
        Severity.Low => 'L',
        Severity.Medium => 'M',
        Severity.High => 'H',
        Severity.Critical => 'C',
        Severity.Exposure => 'E',
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "Unknown severity."),
    };

    /// <summary>The severity of a status letter, or null when the letter is not one.</summary>
    public static Severity? FromLetter(char letter) => letter switch
    {
        'I' => Severity.Info,
        'L' => Severity.Low,
        'M' => Severity.Medium,
        'H' => Severity.High,
        'C' => Severity.Critical,
        'E' => Severity.Exposure,
        _ => null,
    };

    /// <summary>Chariot's priority for a severity: C 0, H 10, M 20, L 30, I 40, E 50 (lower is more urgent).</summary>
    public static int Priority(this Severity severity) => severity switch
    {
        Severity.Critical => 0,
        Severity.High => 10,
        Severity.Medium => 20,
        Severity.Low => 30,
        Severity.Info => 40,
        Severity.Exposure => 50,
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "Unknown severity."),
    };

    /// <summary>
    /// The severity band of a CVSS score: 0 info, 0.1-3.9 low, 4.0-6.9 medium, 7.0-8.9 high, 9.0-10.0 critical.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The score is not a number between 0 and 10.</exception>
    public static Severity FromCvss(double score)
    {
        if (double.IsNaN(score) || score < 0 || score > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(score), score, "A CVSS score is between 0.0 and 10.0.");
        }

        // CVSS scores carry one decimal; round first so 3.95 computed from floats is not mistaken for a band edge.
        var rounded = Math.Round(score, 1, MidpointRounding.AwayFromZero);
        return rounded switch
        {
            0 => Severity.Info,
            < 4.0 => Severity.Low,
            < 7.0 => Severity.Medium,
            < 9.0 => Severity.High,
            _ => Severity.Critical,
        };
    }
}
