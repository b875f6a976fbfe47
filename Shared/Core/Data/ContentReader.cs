namespace Crossfold.Core.Data;

/// <summary>
/// Sequential reads over a dataset file's (decompressed) content that count bytes, so that a short
/// file is reported as "truncated" with what its header promised and where it actually ended.
/// <paramref name="storedLength"/> is the file's length as stored (compressed, if <paramref name="gzip"/>);
/// <paramref name="maxContentBytes"/> bounds the content (decompressed), so a small gzip file cannot
/// make the reader allocate or inflate more than a dataset file may hold. Reading stops when
/// <paramref name="cancel"/> fires.
/// </summary>
internal sealed class ContentReader(Stream stream, string name, bool gzip, long storedLength, long maxContentBytes, CancellationToken cancel)
{
    // Deflate cannot expand data more than 1032-fold: a bound on what a gzip file can hold.
    const long MaxDeflateRatio = 1032;

    string? _promise;
    long _promisedLength;

    /// <summary>The file, for messages.</summary>
    public string Name { get; } = name;

    /// <summary>Bytes of content consumed so far (uncompressed).</summary>
    public long Position { get; private set; }

    /// <summary>
    /// Records what the header declares, e.g. "10000 images of 28x28", and the total length that implies.
    /// A promise the file cannot keep fails here, before a corrupt header makes the reader allocate gigabytes.
    /// </summary>
    public void Promise(string what, long totalLength)
    {
        _promise = what;
        _promisedLength = totalLength;
        if (totalLength > maxContentBytes)
            throw Error($"{what} ({totalLength:N0} bytes{(gzip ? " uncompressed" : "")} in all), more than the {maxContentBytes:N0} a dataset file may hold (--max-dataset-bytes)");
        if (!gzip && totalLength > storedLength) throw Truncated(storedLength);
        if (gzip && totalLength / MaxDeflateRatio > storedLength)
            throw Error($"truncated: {what} ({totalLength} bytes uncompressed in all), more than its {storedLength} compressed bytes can hold");
    }

    /// <summary>Fills <paramref name="buffer"/> or throws a "truncated" <see cref="DatasetException"/>.</summary>
    public void ReadExactly(Span<byte> buffer)
    {
        cancel.ThrowIfCancellationRequested();
        if (Position + buffer.Length > maxContentBytes)
            throw Error($"holds more than the {maxContentBytes:N0} bytes a dataset file may hold (--max-dataset-bytes)");
        int got = 0;
        while (got < buffer.Length)
        {
            int n = stream.Read(buffer[got..]);
            if (n == 0) throw Truncated(Position + got);
            got += n;
        }
        Position += got;
    }

    /// <summary>Reads up to <paramref name="buffer"/>'s length, fewer only at the end; for sniffing a format.</summary>
    public int ReadAtMost(Span<byte> buffer)
    {
        int n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        Position += n;
        return n;
    }

    /// <summary>
    /// Rejects bytes after the data the header declared: they mean the header's sizes are wrong (or two
    /// files were joined), and guessing which part is right would train on garbage.
    /// </summary>
    public void ExpectEnd()
    {
        Span<byte> one = stackalloc byte[1];
        if (stream.Read(one) != 0)
            throw Error($"has extra bytes after the data its header declares ({_promise}); the header or the file is wrong");
    }

    /// <summary>A <see cref="DatasetException"/> about this file.</summary>
    public DatasetException Error(string problem) => new(Name, problem);

    DatasetException Truncated(long end)
    {
        string unit = gzip ? "bytes uncompressed" : "bytes";
        return Error(_promise is null
            ? $"truncated: it ends after {end} {unit}, inside its header"
            : $"truncated: {_promise} ({_promisedLength} {unit} in all), but it ends after {end}");
    }
}
