using Crossfold.Core.Text;
using Spectre.Console;

namespace Crossfold.Cli.Progress;

/// <summary>
/// How the live view's columns share a terminal's width, so that no row wraps: the percentage and the
/// two times keep their width, the bar takes a third of the rest (10 to 40 characters), and labels get
/// what is left, their middle elided; a running job's slot and device go first when they do not fit.
/// </summary>
public sealed record LiveLayout(int BarWidth, int LabelWidth)
{
    // "100%", elapsed and remaining "00:00:00", a space between each two of the five columns, and the
    // terminal's last column left free (writing into it makes some terminals wrap).
    const int Fixed = 4 + 8 + 8 + 4 + 1;

    /// <summary>The layout for a terminal <paramref name="columns"/> characters wide.</summary>
    public static LiveLayout For(int columns)
    {
        int rest = Math.Max(columns - Fixed, 0);
        int bar = Math.Clamp(rest / 3, 10, 40);
        return new LiveLayout(bar, Math.Max(rest - bar, 1));
    }

    /// <summary>The overall bar's label (markup).</summary>
    public string Sweep(int ended, int jobs) => $"[bold]{Markup.Escape(Elide.Middle($"sweep ({ended}/{jobs} folds)", LabelWidth))}[/]";

    /// <summary>A running job's label (markup): its description, then where it runs in grey when that fits too.</summary>
    public string Job(string description, string slot, string device)
    {
        string where = $"{slot} {device}";
        return description.Length + 1 + where.Length <= LabelWidth
            ? $"{Markup.Escape(description)} [grey]{Markup.Escape(where)}[/]"
            : Markup.Escape(Elide.Middle(description, LabelWidth));
    }
}
