using System.Buffers;

namespace Alerting.Templates.Internal;

/// <summary>A growable char buffer on the stack or rented from the pool: rendering allocates only its final string.</summary>
internal ref struct ValueStringBuilder
{
    private char[]? _rented;
    private Span<char> _chars;
    private int _length;

    public ValueStringBuilder(Span<char> initial)
    {
        _rented = null;
        _chars = initial;
        _length = 0;
    }

    public int Length
    {
        readonly get => _length;
        set => _length = value;
    }

    public readonly ReadOnlySpan<char> Written => _chars[.._length];

    public readonly Span<char> WritableFrom(int start) => _chars[start.._length];

    public void Append(char c)
    {
        if (_length == _chars.Length)
        {
            Grow(1);
        }

        _chars[_length++] = c;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _chars.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars[_length..]);
        _length += text.Length;
    }

    /// <summary>
    /// The free space after what is written, at least <paramref name="length"/> characters, for the caller to write
    /// into and then add what it wrote to <see cref="Length"/>.
    /// </summary>
    public Span<char> Reserve(int length)
    {
        if (_length + length > _chars.Length)
        {
            Grow(length);
        }

        return _chars[_length..];
    }

    /// <summary>Writes a value through <see cref="ISpanFormattable"/>, growing until it fits; false (nothing written) when the format is invalid for it.</summary>
    public bool TryAppendFormatted<T>(T value, scoped ReadOnlySpan<char> format, IFormatProvider provider)
        where T : ISpanFormattable
    {
        while (true)
        {
            int written;
            try
            {
                if (value.TryFormat(_chars[_length..], out written, format, provider))
                {
                    _length += written;
                    return true;
                }
            }
            catch (FormatException)
            {
                return false;
            }

            Grow(Math.Max(64, _chars.Length));
        }
    }

    /// <summary>Writes a value with <paramref name="format"/>, or with its default format when that one is invalid for it.</summary>
    public void AppendFormatted<T>(T value, scoped ReadOnlySpan<char> format, IFormatProvider provider)
        where T : ISpanFormattable
    {
        if (!TryAppendFormatted(value, format, provider))
        {
            TryAppendFormatted(value, default, provider);
        }
    }

    public override readonly string ToString() => _chars[.._length].ToString();

    public void Dispose()
    {
        var rented = _rented;
        this = default;
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private void Grow(int needed)
    {
        var next = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _length + needed));
        _chars[.._length].CopyTo(next);
        var old = _rented;
        _rented = next;
        _chars = next;
        if (old is not null)
        {
            ArrayPool<char>.Shared.Return(old);
        }
    }
}
