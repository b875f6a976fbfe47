using Crossfold.Coordinator.Api;
using Crossfold.Protocol.Messages;

namespace Crossfold.Tests.Api;

/// <summary>The id a reconnecting client sends is untrusted: it reads back exactly what the stream wrote, or as no id at all.</summary>
public class LastEventIdTests
{
    [Fact]
    public void An_id_the_stream_wrote_reads_back()
    {
        var id = new SweepEventId("3f9a0c1d2b4e", 42);
        Assert.Equal("3f9a0c1d2b4e-42", LastEventId.Format(id));
        Assert.Equal(id, LastEventId.Parse(LastEventId.Format(id)));
        Assert.Equal(new SweepEventId("a", long.MaxValue), LastEventId.Parse("a-" + long.MaxValue));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("-5")]
    [InlineData("abc-")]
    [InlineData("abc--5")]
    [InlineData("abc-+5")]
    [InlineData("abc- 5")]
    [InlineData("abc-5.0")]
    [InlineData("abc-99999999999999999999")]
    [InlineData("a/b-5")]
    [InlineData("ä-5")]
    public void A_malformed_id_reads_as_none(string? text) => Assert.Null(LastEventId.Parse(text));

    [Fact]
    public void An_overlong_id_reads_as_none_without_being_parsed() =>
        Assert.Null(LastEventId.Parse(new string('a', LastEventId.MaxLength) + "-1"));
}
