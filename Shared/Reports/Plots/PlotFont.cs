using ScottPlot;
using SkiaSharp;

namespace Crossfold.Reports.Plots;

/// <summary>
/// The font every report plot writes with: DejaVu Sans, embedded in this assembly. Containers and CI
/// machines often have no fonts at all, and Skia then draws no text, leaving plots without labels; a
/// font of our own also makes a plot look the same on every machine.
/// </summary>
internal static class PlotFont
{
    /// <summary>The family name plots ask for; unlike any installed font's, so the embedded one always wins.</summary>
    public const string Name = "Crossfold Sans";

    static readonly Lazy<byte[]> Regular = new(() => Load("Crossfold.Fonts.DejaVuSans.ttf"));
    static readonly Lazy<byte[]> Bold = new(() => Load("Crossfold.Fonts.DejaVuSans-Bold.ttf"));
    static readonly object Gate = new();
    static bool _registered;

    /// <summary>Makes <see cref="Name"/> known to ScottPlot; safe to call from any thread, any number of times.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered) return;
            Fonts.FontResolvers.Insert(0, new Resolver());
            _registered = true;
        }
    }

    /// <summary>Uses the embedded font for every text of <paramref name="plot"/> (axes, ticks, title, legend).</summary>
    public static void Apply(Plot plot)
    {
        Register();
        plot.Font.Set(Name);
        plot.Legend.FontName = Name;
    }

    static byte[] Load(string resource)
    {
        using var stream = typeof(PlotFont).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the font {resource} is not embedded in {typeof(PlotFont).Assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == Name ? SKTypeface.FromData(SKData.CreateCopy(bold ? Bold.Value : Regular.Value)) : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);
    }
}
