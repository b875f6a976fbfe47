using Crossfold.Core.Jobs;
using Crossfold.Core.Training;

namespace Crossfold.Tests.Jobs;

/// <summary>The error gallery's choice of a fold's images: order, ties, bounds, and the pixels it carries.</summary>
public sealed class GalleryPickerTests
{
    //                                 0     1     2     3     4     5     6     7
    static readonly int[] Indices =  [ 70,   10,   50,   30,   20,   60,   40,   80 ];
    static readonly byte[] Labels =  [ 1,    0,    1,    2,    0,    1,    2,    0 ];
    static readonly int[] Predicted = [ 0,   0,    1,    1,    0,    2,    2,    1 ];
    static readonly float[] Probability = [ 0.9f, 0.8f, 0.7f, 0.9f, 0.8f, 0.6f, 0.99f, 0.95f ];

    [Fact]
    public void Mistakes_come_most_confident_first_and_equal_probabilities_by_dataset_index()
    {
        // Wrong: positions 0 (0.9, index 70), 3 (0.9, index 30), 5 (0.6), 7 (0.95).
        Assert.Equal([7, 3, 0, 5], GalleryPicker.Mistakes(Indices, Labels, Predicted, Probability));
    }

    [Fact]
    public void Mistakes_stop_at_the_bound()
    {
        Assert.Equal([7, 3], GalleryPicker.Mistakes(Indices, Labels, Predicted, Probability, max: 2));
        Assert.Empty(GalleryPicker.Mistakes(Indices, Labels, Predicted, Probability, max: 0));
    }

    [Fact]
    public void Examples_are_correct_images_by_class_most_confident_first_ties_by_index_and_bounded_per_class()
    {
        // Right: class 0 at 1 (0.8, index 10) and 4 (0.8, index 20); class 1 at 2; class 2 at 6.
        Assert.Equal([1, 4, 2, 6], GalleryPicker.Examples(Indices, Labels, Predicted, Probability));
        Assert.Equal([1, 2, 6], GalleryPicker.Examples(Indices, Labels, Predicted, Probability, perClass: 1));
    }

    [Fact]
    public void The_order_of_the_images_does_not_change_the_choice()
    {
        int[] order = [5, 2, 7, 0, 3, 6, 1, 4];
        var chosen = GalleryPicker.Mistakes(order.Select(i => Indices[i]).ToArray(), order.Select(i => Labels[i]).ToArray(),
            order.Select(i => Predicted[i]).ToArray(), order.Select(i => Probability[i]).ToArray());
        Assert.Equal([80, 30, 70, 60], chosen.Select(p => Indices[order[p]]));
    }

    [Fact]
    public void Many_mistakes_are_capped_at_the_reports_count()
    {
        int n = 100;
        var labels = new byte[n];
        var predicted = Enumerable.Repeat(1, n).ToArray();
        var probability = Enumerable.Range(0, n).Select(i => (i % 10) / 10f).ToArray();
        var chosen = GalleryPicker.Mistakes(Enumerable.Range(0, n).ToArray(), labels, predicted, probability);
        Assert.Equal(GalleryPicker.MaxMistakes, chosen.Length);
        // Ten images each at 0.9, 0.8, 0.7 and two at 0.6, each group by index.
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 10 + 9).Concat(Enumerable.Range(0, 10).Select(i => i * 10 + 8))
            .Concat(Enumerable.Range(0, 10).Select(i => i * 10 + 7)).Concat([6, 16]), chosen);
    }

    [Fact]
    public void Built_gallery_carries_each_images_facts_and_its_pixels_as_bytes()
    {
        float[] pixels = [0f, 0.5f, 1f, 0.2f, /* second image */ 0.1f, 0.8f, 0.999f, 0.001f];
        var test = new ImageSet(pixels, [3, 4], 2, 2);
        var gallery = GalleryPicker.Build(test, [12, 7], [5, 4], [0.75f, 0.5f]);
        var mistake = Assert.Single(gallery.Mistakes);
        Assert.Equal((12, 3, 5, 0.75f), (mistake.Index, mistake.TrueClass, mistake.Predicted, mistake.Probability));
        Assert.Equal([0, 128, 255, 51], mistake.Pixels);
        var example = Assert.Single(gallery.Examples);
        Assert.Equal((7, 4, 4), (example.Index, example.TrueClass, example.Predicted));
        Assert.Equal([26, 204, 255, 0], example.Pixels);
        Assert.Equal((2, 2), (gallery.Height, gallery.Width));
    }

    [Fact]
    public void Images_larger_than_the_cap_travel_without_pixels()
    {
        int side = 65;
        var test = new ImageSet(new float[side * side], [1], side, side);
        var gallery = GalleryPicker.Build(test, [0], [2], [0.9f]);
        Assert.Empty(Assert.Single(gallery.Mistakes).Pixels);
        Assert.Equal((0, 0), (gallery.Height, gallery.Width));
    }

    [Fact]
    public void Mismatched_lengths_are_one_error()
    {
        var e = Assert.Throws<ArgumentException>(() => GalleryPicker.Mistakes([1, 2], [0, 1], [0], [0.5f, 0.5f]));
        Assert.Contains("2 labels but 2 indices, 1 predictions", e.Message);
    }
}
