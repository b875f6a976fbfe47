using Crossfold.Core.Jobs;
using Crossfold.Core.Training;

namespace Crossfold.Tests.Jobs;

/// <summary>A colour fold's gallery carries each image's first channel: one plane, as small as a grey image's.</summary>
public class ChannelGalleryTests
{
    [Fact]
    public void A_gallery_of_colour_images_carries_their_first_channel()
    {
        // Two 2x2 images of 3 channels: channel k of image i is all (i + 1) / 10 + k / 4.
        const int H = 2, W = 2, C = 3;
        var pixels = Enumerable.Range(0, 2).SelectMany(i => Enumerable.Range(0, C).SelectMany(k => Enumerable.Repeat((i + 1) / 10f + k / 4f, H * W))).ToArray();
        var test = new ImageSet(pixels, [0, 1], H, W, C);

        var gallery = GalleryPicker.Build(test, [10, 11], [1, 1], [0.8f, 0.9f]);

        Assert.Equal((H, W), (gallery.Height, gallery.Width));
        var mistake = Assert.Single(gallery.Mistakes);
        Assert.Equal(10, mistake.Index);
        Assert.Equal(Enumerable.Repeat((byte)26, H * W), mistake.Pixels); // round(0.1 · 255)
        Assert.Equal(Enumerable.Repeat((byte)51, H * W), Assert.Single(gallery.Examples).Pixels); // image 11: round(0.2 · 255)
    }
}
