using System.Text;
using Crossfold.Core.Data;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Data;

/// <summary>
/// A path that names something other than a dataset (a password file, a token) gets an error that says
/// what was expected, and never quotes what the file holds: not as text, not as hex.
/// </summary>
public sealed class NoContentInErrorsTests : IDisposable
{
    const string Secret = "root:$6$Zq8sEcReT1dent1ty:19000:0:99999:7:::";
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    static byte[] Text(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>Files that start like a secret, or like a dataset format and then hold a secret.</summary>
    public static TheoryData<string, byte[]> Files => new()
    {
        { "plain text", Text(Secret + "\n") },
        { "two zero bytes, then text", [0, 0, .. Text(Secret)] },
        { "npy magic, then a header that is no Python literal", TestData.NpyWithHeader(Secret, []) },
        { "npy magic, then a header that is a string", TestData.NpyWithHeader($"'{Secret}'", []) },
        { "npy magic, then a header whose dtype is the secret", TestData.NpyWithHeader($"{{'descr': '{Secret}', 'fortran_order': False, 'shape': (1,), }}", []) },
        { "npy magic, then a header whose shape is the secret", TestData.NpyWithHeader($"{{'descr': '<f4', 'fortran_order': False, 'shape': '{Secret}', }}", []) },
        { "npy magic, then a header with a secret name", TestData.NpyWithHeader($"{{'descr': '<f4', 'fortran_order': {Secret.Replace(":", "").Replace("$", "")}, }}", []) },
        { "gzip of the text", TestData.Gzip(Text(Secret)) },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Errors_never_quote_what_a_file_holds(string what, byte[] content)
    {
        string path = _folder.Write("not-a-dataset", content);
        var errors = new List<Exception>
        {
            Assert.ThrowsAny<DatasetException>(() => DatasetFiles.ReadImages(path)),
            Assert.ThrowsAny<DatasetException>(() => DatasetFiles.ReadLabels(path)),
            Assert.ThrowsAny<DatasetException>(() => IdxReader.ReadImages(path)),
            Assert.ThrowsAny<DatasetException>(() => NpyReader.ReadLabels(path)),
            Assert.ThrowsAny<DatasetException>(() => DatasetLoader.Load(new DatasetSpec(null, path, path, null, null, null))),
        };

        foreach (var error in errors)
        {
            Assert.Contains(path, error.Message);
            for (Exception? e = error; e is not null; e = e.InnerException)
                foreach (string piece in new[] { Secret, "Zq8sEcReT", "root:", Convert.ToHexString(Text("root")), Convert.ToHexString(Text("Zq8s")) })
                    Assert.False(e.Message.Contains(piece, StringComparison.OrdinalIgnoreCase), $"{what}: the message quotes the file ({piece}): {e.Message}");
        }
    }
}
