namespace Crossfold.Core.Data;

/// <summary>
/// The first <paramref name="length"/> bytes of a seekable stream, read-only: a dataset file yields no
/// more than the size that was checked before reading, even if it grows or its size was a lie.
/// </summary>
internal sealed class BoundedStream(Stream inner, long length) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = Math.Clamp(value, 0, length);
    }

    public override int Read(Span<byte> buffer)
    {
        long left = length - inner.Position;
        return left <= 0 ? 0 : inner.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => length + offset,
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
