namespace Chariot.Capabilities.Defender.Paging;

/// <summary>
/// Finds where one JSON value ends, buffer after buffer, without keeping any of it: how a record over
/// <see cref="PageLimits.MaxRecordBytes"/> is read past. It follows strings (with their escapes) and brackets only, at a
/// constant cost a byte; the value is never validated, since it is skipped either way, and a body that breaks its JSON
/// there fails when the reader takes over after it.
/// </summary>
internal struct RecordSkipper
{
    private int _depth;
    private bool _inString;
    private bool _escaped;
    private bool _scalar;

    /// <summary>The index in <paramref name="data"/> just past the value's end, or -1 when it goes on past it.</summary>
    public int Scan(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            if (_escaped)
            {
                _escaped = false;
                i++;
                continue;
            }

            if (_inString)
            {
                var stop = data[i..].IndexOfAny((byte)'"', (byte)'\\');
                if (stop < 0)
                {
                    return -1;
                }

                i += stop;
                if (data[i] == (byte)'\\')
                {
                    _escaped = true;
                }
                else
                {
                    _inString = false;
                    if (_depth == 0)
                    {
                        return i + 1;
                    }
                }

                i++;
                continue;
            }

            var b = data[i];
            if (_scalar)
            {
                // A number or literal ends where the next token or whitespace starts.
                if (b is (byte)',' or (byte)']' or (byte)'}' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                {
                    return i;
                }
            }
            else if (b == (byte)'"')
            {
                _inString = true;
            }
            else if (b is (byte)'{' or (byte)'[')
            {
                _depth++;
            }
            else if (b is (byte)'}' or (byte)']')
            {
                if (--_depth <= 0)
                {
                    return i + 1;
                }
            }
            else if (_depth == 0 && b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                _scalar = true;
            }

            i++;
        }

        return -1;
    }
}
