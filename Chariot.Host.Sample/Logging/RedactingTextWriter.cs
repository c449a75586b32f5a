using System.Text;

namespace Chariot.Host.Sample.Logging;

/// <summary>
/// The last line of defence on stdout and stderr: every whole string written passes the <see cref="SecretRedactor"/>.
/// Writes are serialized, so lines from parallel jobs never interleave mid-line.
/// </summary>
internal sealed class RedactingTextWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly SecretRedactor _redactor;
    private readonly Lock _lock = new();

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public RedactingTextWriter(TextWriter inner, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(redactor);
        _inner = inner;
        _redactor = redactor;
    }

    /// <inheritdoc />
    public override Encoding Encoding => _inner.Encoding;

    /// <inheritdoc />
    public override void Write(char value)
    {
        lock (_lock)
        {
            _inner.Write(value);
        }
    }

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    /// <inheritdoc />
    public override void Write(string? value)
    {
        var text = _redactor.Redact(value ?? "");
        lock (_lock)
        {
            _inner.Write(text);
        }
    }

    /// <inheritdoc />
    public override void WriteLine(string? value)
    {
        var text = _redactor.Redact(value ?? "");
        lock (_lock)
        {
            _inner.WriteLine(text);
        }
    }

    /// <inheritdoc />
    public override void Flush()
    {
        lock (_lock)
        {
            _inner.Flush();
        }
    }
}
