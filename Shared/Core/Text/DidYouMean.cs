namespace Crossfold.Core.Text;

/// <summary>Suggests the known name closest to a mistyped one, for "did you mean …?" in input errors.</summary>
public static class DidYouMean
{
    /// <summary>
    /// The candidate closest to <paramref name="typed"/> (case-insensitive edit distance), or null when
    /// none is close enough to be a plausible typo: a wrong suggestion misleads more than none.
    /// </summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        string t = typed.ToLowerInvariant();
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int d = Distance(t, candidate.ToLowerInvariant());
            if (d < bestDistance) { best = candidate; bestDistance = d; }
        }
        int allowed = Math.Max(2, t.Length / 3);
        return best is not null && bestDistance <= allowed ? best : null;
    }

    /// <summary>"; did you mean 'batch_size'?" or "" when nothing is close.</summary>
    public static string Hint(string typed, IEnumerable<string> candidates) =>
        Closest(typed, candidates) is string s ? $"; did you mean '{s}'?" : "";

    /// <summary>Optimal string alignment distance: Levenshtein plus adjacent transpositions, the commonest typo.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
