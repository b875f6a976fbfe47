namespace Crossfold.Core.Data;

/// <summary>
/// Names for a dataset's classes (label 0 is the first name), so reports read "Trouser" instead of "1":
/// given in the sweep file as a list, or as the name of a known set. Their number is the number of classes
/// (the classifier's outputs), which may exceed what the labels use but never fall short of it.
/// </summary>
public static class ClassNames
{
    /// <summary>The longest name a class may have: it has to fit a table column and a plot axis.</summary>
    public const int MaxLength = 40;

    /// <summary>Sets a sweep file may name instead of listing them: <c>classes: fashion-mnist</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Known = new Dictionary<string, string[]>
    {
        // Zalando's label order (github.com/zalandoresearch/fashion-mnist, "Labels").
        ["fashion-mnist"] = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
    };

    /// <summary>What is wrong with <paramref name="names"/> for labels that need <paramref name="classes"/> classes (0 to classes - 1), or null.</summary>
    public static string? Problem(IReadOnlyList<string> names, int classes) => names.Count >= classes ? null
        : $"{names.Count} class names for {classes} classes (labels 0 to {classes - 1}): give one name per class, in label order";

    /// <summary>Class <paramref name="label"/>'s name, or the label itself when there are no names.</summary>
    public static string Of(IReadOnlyList<string>? names, int label) =>
        names is not null && label < names.Count ? names[label] : label.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
