using System.Globalization;
using System.Text;

namespace Crossfold.Core.Data;

/// <summary>
/// Parses the small subset of Python literals a .npy header is written in: dicts, tuples, lists,
/// quoted strings, integers (with Python 2's optional L) and True/False/None. Values come back as
/// Dictionary&lt;string, object?&gt;, List&lt;object?&gt;, string, long, bool or null. Errors say what was
/// expected and where (a character position), never the text found: it comes from a file.
/// </summary>
internal static class PythonLiteral
{
    /// <summary>Parses <paramref name="text"/> as one literal; anything else throws <see cref="FormatException"/>.</summary>
    public static object? Parse(string text)
    {
        var parser = new Parser(text);
        object? value = parser.Value();
        parser.End();
        return value;
    }

    sealed class Parser(string text)
    {
        int _pos;

        public object? Value()
        {
            SkipSpace();
            if (_pos >= text.Length) throw Fail("unexpected end");
            char c = text[_pos];
            return c switch
            {
                '{' => Dict(),
                '(' => Sequence(')'),
                '[' => Sequence(']'),
                '\'' or '"' => String(),
                _ when char.IsAsciiDigit(c) || c is '-' or '+' => Integer(),
                _ when char.IsAsciiLetter(c) => Word(),
                _ => throw Fail("expected a value (a dict, tuple, list, string, integer, True, False or None)"),
            };
        }

        public void End()
        {
            SkipSpace();
            if (_pos < text.Length) throw Fail("expected nothing after the value");
        }

        Dictionary<string, object?> Dict()
        {
            var dict = new Dictionary<string, object?>();
            _pos++;
            while (true)
            {
                SkipSpace();
                if (Eat('}')) return dict;
                if (Value() is not string key) throw Fail("dict keys must be strings");
                SkipSpace();
                if (!Eat(':')) throw Fail("expected ':'");
                dict[key] = Value();
                SkipSpace();
                if (Eat('}')) return dict;
                if (!Eat(',')) throw Fail("expected ',' or '}'");
            }
        }

        List<object?> Sequence(char close)
        {
            var items = new List<object?>();
            _pos++;
            while (true)
            {
                SkipSpace();
                if (Eat(close)) return items;
                items.Add(Value());
                SkipSpace();
                if (Eat(close)) return items;
                if (!Eat(',')) throw Fail($"expected ',' or '{close}'");
            }
        }

        string String()
        {
            char quote = text[_pos++];
            var sb = new StringBuilder();
            while (_pos < text.Length && text[_pos] != quote)
            {
                if (text[_pos] == '\\' && _pos + 1 < text.Length) _pos++;
                sb.Append(text[_pos++]);
            }
            if (!Eat(quote)) throw Fail("unterminated string");
            return sb.ToString();
        }

        long Integer()
        {
            int start = _pos;
            if (text[_pos] is '-' or '+') _pos++;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) _pos++;
            string digits = text[start.._pos];
            if (_pos < text.Length && text[_pos] is 'L' or 'l') _pos++;
            if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
                throw Fail("expected an integer of at most 19 digits");
            return value;
        }

        object? Word()
        {
            int start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_')) _pos++;
            return text[start.._pos] switch
            {
                "True" => true,
                "False" => false,
                "None" => null,
                _ => throw Fail("expected True, False or None"),
            };
        }

        bool Eat(char c)
        {
            if (_pos < text.Length && text[_pos] == c) { _pos++; return true; }
            return false;
        }

        void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }

        FormatException Fail(string problem) => new($"{problem} at character {_pos + 1}");
    }
}
