using Crossfold.Core.Sweeps;

namespace Crossfold.Tests.Sweeps;

/// <summary>
/// YAML a sweep never needs and an attacker can abuse is refused before any node tree is built: anchors,
/// aliases, keys that are lists or mappings, deep nesting; and reading stops when the caller gives up.
/// </summary>
public sealed class YamlSafetyTests
{
    static SweepFileException Refused(string yaml) => Assert.Throws<SweepFileException>(() => SweepFileParser.Parse(yaml, "x.yaml"));

    /// <summary>
    /// Ten levels of nested anchors, each a list of its inner level and eight aliases to it: 9^10 (3.5 billion)
    /// nodes once expanded, and used as a mapping key, which YamlDotNet hashes by walking every one of them.
    /// </summary>
    static string AliasBomb()
    {
        string level = "&a [x, x, x, x, x, x, x, x, x]";
        for (char name = 'b'; name <= 'j'; name++)
            level = $"&{name} [{level}, {string.Join(", ", Enumerable.Repeat($"*{(char)(name - 1)}", 8))}]";
        return $"architectures: [seed-mlp-1]\n? {level}\n: 1\n";
    }

    [Fact]
    public async Task The_alias_bomb_through_a_complex_key_is_refused_naming_the_alias_before_any_expansion()
    {
        string bomb = AliasBomb();
        Assert.True(bomb.Length < 500, $"{bomb.Length} bytes");

        // Without the scan this costs tens of seconds of CPU (more with every level); the bound only keeps a regression from hanging the suite.
        var e = await Task.Run(() => Refused(bomb)).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Contains(e.Errors, x => x.Message.StartsWith("alias *a is not allowed in a sweep file", StringComparison.Ordinal) && x.Line == 2);
        Assert.Contains(e.Errors, x => x.Message.StartsWith("anchor &j is not allowed", StringComparison.Ordinal) && (x.Line, x.Column) == (2, 3));
        Assert.Contains(e.Errors, x => x.Message == "a key must be a plain name, not a list or a mapping" && (x.Line, x.Column) == (2, 3));
        Assert.Equal(3, e.Errors.Count); // each kind once, at its first place
    }

    [Fact]
    public void Anchors_and_aliases_are_refused_with_their_line_and_column()
    {
        var e = Refused("training: &t {epochs: 2}\narchitectures: [seed-mlp-1]\nnoise:\n  - *t\n");

        Assert.Equal(
            ["x.yaml:1:11: anchor &t is not allowed in a sweep file: anchors (&) and aliases (*) are refused; write the value out",
             "x.yaml:4:5: alias *t is not allowed in a sweep file: anchors (&) and aliases (*) are refused; write the value out"],
            e.Message.Split(Environment.NewLine));
    }

    [Fact]
    public void A_key_that_is_a_mapping_or_a_list_is_refused()
    {
        Assert.Equal("x.yaml:2:1: a key must be a plain name, not a list or a mapping",
            Refused("architectures: [seed-mlp-1]\n{kind: gaussian}: 1\n").Message);
        Assert.Equal("x.yaml:1:23: a key must be a plain name, not a list or a mapping",
            Refused("training: {epochs: 2, [a, b]: 3}\narchitectures: [seed-mlp-1]\n").Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_where_it_goes_too_deep()
    {
        var e = Refused("architectures: " + new string('[', 100) + new string(']', 100) + "\n");
        // The root mapping is level 1, so the 64th bracket opens level 65.
        Assert.Equal("x.yaml:1:79: lists and mappings nest more than 64 levels deep; a sweep file needs a handful", e.Message);

        var huge = Refused(new string('[', 1 << 20));
        Assert.Equal((1, 65), (huge.Errors.Single().Line, huge.Errors.Single().Column));
    }

    [Fact]
    public void Parsing_stops_when_the_caller_gives_up()
    {
        string long_ = "architectures: [" + string.Join(", ", Enumerable.Repeat("seed-mlp-1", 5000)) + "]\n";

        Assert.ThrowsAny<OperationCanceledException>(() => SweepFileParser.Parse(long_, "x.yaml", SweepFileOptions.Local, new CancellationToken(canceled: true)));
    }
}
