using Crossfold.Core.Data;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Sweeps;

/// <summary>dataset.classes: a list of names in label order, or a known set's name; every mistake named with its line.</summary>
public class ClassNamesParsingTests
{
    [Fact]
    public void A_list_names_the_classes_in_label_order()
    {
        var def = SweepYaml.Definition("""
            dataset: {source: mnist-t10k, classes: [zero, one, two, three, four, five, six, seven, eight, nine]}
            architectures: [seed-mlp-1]
            """);
        Assert.Equal(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"], def.Dataset.Classes!);
    }

    [Fact]
    public void A_known_set_is_named_by_its_name_in_any_case()
    {
        var def = SweepYaml.Definition("""
            dataset: {source: mnist-t10k, classes: Fashion-MNIST}
            architectures: [seed-mlp-1]
            """);
        Assert.Equal(ClassNames.Known["fashion-mnist"], def.Dataset.Classes!);
        Assert.Equal("Ankle boot", def.Dataset.Classes![9]);
    }

    [Fact]
    public void Without_classes_there_are_no_names()
    {
        Assert.Null(SweepYaml.Definition("architectures: [seed-mlp-1]").Dataset.Classes);
    }

    [Theory]
    [InlineData("classes: cifar-10", "dataset.classes", "unknown set of class names 'cifar-10': expected one of fashion-mnist, or a list of names in label order")]
    [InlineData("classes: [cat]", "dataset.classes", "expected a name for each class (at least 2), got 1")]
    [InlineData("classes: [cat, cat]", "dataset.classes[1]", "'cat' names two classes; reports could not tell them apart")]
    [InlineData("classes: [cat, '']", "dataset.classes[1]", "expected a class name, got ''")]
    [InlineData("classes: [cat, a-name-much-longer-than-forty-characters-in-all]", "dataset.classes[1]", "a class name has at most 40 characters, this one 47")]
    public void Bad_names_are_refused_with_their_field_and_line(string classes, string field, string message)
    {
        var error = SweepYaml.Error($"""
            architectures: [seed-mlp-1]
            dataset:
              source: mnist-t10k
              {classes}
            """);
        Assert.Equal(field, error.Path);
        Assert.Equal(4, error.Line);
        Assert.Equal(message, error.Message);
    }
}
