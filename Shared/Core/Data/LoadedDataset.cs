namespace Crossfold.Core.Data;

/// <summary>
/// What <see cref="DatasetLoader.Load(DatasetSpec)"/> returns: <see cref="Train"/>, the images the folds are cut
/// from (after any limit), and <see cref="Test"/>, an optional held-out split never seen in cross-validation.
/// </summary>
public sealed record LoadedDataset(Dataset Train, Dataset? Test);
