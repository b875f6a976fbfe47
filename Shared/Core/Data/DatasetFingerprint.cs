using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Crossfold.Core.Data;

/// <summary>
/// A dataset's identity by content, so a worker can prove it trains and tests on the very images the
/// coordinator cut folds from: SHA-256 (lowercase hex) over the training split (after any limit) and,
/// when there is one, the held-out test split; each split as count, height, width and classes (int32
/// little-endian), then, for images of more than one channel only, a marker and the channels (so grey
/// datasets keep the fingerprints they had before channels existed), then the pixels as little-endian
/// float32 (N, C, H, W), then the labels. The name and the file format play no part: the same images from
/// IDX or from a uint8 .npy, channels first or last, give the same fingerprint.
/// </summary>
public static class DatasetFingerprint
{
    // Between the two splits, so no training split can pass for a training split plus a test split.
    static readonly byte[] TestMarker = Encoding.ASCII.GetBytes("crossfold held-out test split");

    // Before a multi-channel split's channel count: its header then differs in length from any grey split's.
    static readonly byte[] ChannelsMarker = Encoding.ASCII.GetBytes("crossfold channels");

    /// <summary>The fingerprint of every image of <paramref name="dataset"/>: its training split and its test split, if any.</summary>
    public static string Of(LoadedDataset dataset)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, dataset.Train);
        if (dataset.Test is { } test)
        {
            hash.AppendData(TestMarker);
            Append(hash, test);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The fingerprint of one split alone: equal to that of a dataset without a test split.</summary>
    public static string Of(Dataset dataset) => Of(new LoadedDataset(dataset, null));

    static void Append(IncrementalHash hash, Dataset dataset)
    {
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(header, dataset.Count);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], dataset.Height);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], dataset.Width);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], dataset.Classes);
        hash.AppendData(header);
        if (dataset.Channels != 1)
        {
            hash.AppendData(ChannelsMarker);
            BinaryPrimitives.WriteInt32LittleEndian(header, dataset.Channels);
            hash.AppendData(header[..4]);
        }

        // Hashed a slice at a time: a span of all the bytes could exceed int.MaxValue.
        const int floatsPerSlice = 1 << 20;
        float[] pixels = dataset.Pixels;
        int[]? swapped = BitConverter.IsLittleEndian ? null : new int[floatsPerSlice];
        for (int start = 0; start < pixels.Length; start += floatsPerSlice)
        {
            Span<float> slice = pixels.AsSpan(start, Math.Min(floatsPerSlice, pixels.Length - start));
            if (swapped is null) hash.AppendData(MemoryMarshal.AsBytes(slice));
            else
            {
                Span<int> target = swapped.AsSpan(0, slice.Length);
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(slice), target);
                hash.AppendData(MemoryMarshal.AsBytes(target));
            }
        }
        hash.AppendData(dataset.Labels);
    }
}
