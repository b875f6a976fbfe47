using Crossfold.Core.Jobs;
using Crossfold.Core.Results;

namespace Crossfold.Reports;

/// <summary>
/// The best trial's error gallery: its most confident mistakes over all its folds (at most <see cref="ErrorGalleries.Mistakes"/>,
/// most confident first) and a few of its most confident correct images per class (at most <see cref="ErrorGalleries.ExamplesPerClass"/>
/// each, by class). <see cref="Height"/> x <see cref="Width"/> is the size of the images' pixels, 0 x 0 when the images
/// were too large to carry any (see <see cref="GalleryPicker.MaxPixels"/>).
/// </summary>
public sealed record ErrorGallery(int Trial, string Label, int Height, int Width, IReadOnlyList<GalleryEntry> Mistakes, IReadOnlyList<GalleryEntry> Examples);

/// <summary>
/// One image of an <see cref="ErrorGallery"/>: its index in the dataset's training split, the fold whose test part it was
/// in, its true and predicted class and the predicted class's probability. <see cref="Pixels"/> (bytes 0-255 row by row, as the
/// model saw them; base64 in report.json) travel with the report, so `crossfold report --out`, which writes every file from
/// the coordinator's report.json, draws the same images.
/// </summary>
public sealed record GalleryEntry(int Index, int Repeat, int Fold, int TrueClass, int PredictedClass, float Probability,
    byte[]? Pixels = null);

/// <summary>Merges the galleries the best trial's folds carried into the report's <see cref="ErrorGallery"/>.</summary>
public static class ErrorGalleries
{
    /// <summary>Mistakes the report shows: as many as a fold carries, since they may all come from one fold.</summary>
    public const int Mistakes = GalleryPicker.MaxMistakes;

    /// <summary>Correct images the report shows per class, drawn from every fold's few.</summary>
    public const int ExamplesPerClass = 4;

    /// <summary>
    /// The gallery of trial <paramref name="best"/>, ordered as <see cref="GalleryPicker.MostConfidentFirst"/> orders a
    /// fold's (equal images by repeat, then fold); null without a best trial or when none of its folds carried a gallery
    /// (a sweep recorded before galleries existed).
    /// </summary>
    public static ErrorGallery? Of(SweepResults results, int? best)
    {
        if (best is not int trial) return null;
        var folds = results.Jobs.Where(j => j.TrialIndex == trial && j.Outcome?.Gallery is not null)
            .OrderBy(j => j.Repeat).ThenBy(j => j.Fold).Select(j => (Job: j, Gallery: j.Outcome!.Gallery!)).ToList();
        if (folds.Count == 0) return null;
        int height = folds[0].Gallery.Height, width = folds[0].Gallery.Width;
        IEnumerable<GalleryEntry> Entries(Func<FoldGallery, GalleryImage[]> images) => folds.SelectMany(f => images(f.Gallery).Select(i =>
            new GalleryEntry(i.Index, f.Job.Repeat, f.Job.Fold, i.TrueClass, i.Predicted, i.Probability,
                i.Pixels.Length > 0 && i.Pixels.Length == height * width ? i.Pixels : null)));
        var mistakes = GalleryPicker.MostConfidentFirst(Entries(g => g.Mistakes), e => e.Probability, e => e.Index).Take(Mistakes).ToList();
        var examples = Entries(g => g.Examples).GroupBy(e => e.TrueClass).OrderBy(g => g.Key)
            .SelectMany(g => GalleryPicker.MostConfidentFirst(g, e => e.Probability, e => e.Index).Take(ExamplesPerClass)).ToList();
        return new ErrorGallery(trial, results.Trials[trial].Label, height, width, mistakes, examples);
    }
}
