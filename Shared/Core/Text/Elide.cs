namespace Crossfold.Core.Text;

/// <summary>Shortens a label to a width by cutting its middle, which carries the least: "seed-cnn-5 | gau…, fold 2/5".</summary>
public static class Elide
{
    /// <summary>
    /// <paramref name="text"/> itself when it is at most <paramref name="width"/> characters; otherwise its start
    /// and its end around "…", exactly <paramref name="width"/> characters, the end as long as the start or one
    /// longer (a job's end says which fold it is). Nothing for a width below 1.
    /// </summary>
    public static string Middle(string text, int width)
    {
        if (text.Length <= width) return text;
        if (width < 1) return "";
        int keep = width - 1, tail = (keep + 1) / 2, head = keep - tail;
        return string.Concat(text.AsSpan(0, head), "…", text.AsSpan(text.Length - tail));
    }
}
