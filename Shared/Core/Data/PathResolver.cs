namespace Crossfold.Core.Data;

/// <summary>
/// Resolves every symbolic link of a path, one component at a time as the kernel does, optionally
/// without ever leaving a root directory: the walk stops the moment a component (a "..", a link's
/// target) would take it outside, so nothing outside the root is looked at beyond the links inside it,
/// and "outside" comes out the same whether or not the target exists.
/// </summary>
internal static class PathResolver
{
    // Linux's own limit before ELOOP.
    const int MaxLinks = 40;

    /// <summary>Where a path led: its real path (as far as it exists) and what is there (null: nothing), or outside the root.</summary>
    public readonly record struct Resolved(string Path, FileFacts? Facts, bool Outside);

    /// <summary>A root to stay in: its real path and the path it was configured as (links may point at either).</summary>
    public sealed record Root(string Real, string Configured);

    /// <summary>Resolves the absolute <paramref name="path"/> with no root.</summary>
    public static Resolved Resolve(string path) => Walk("/", path, null);

    /// <summary>Resolves <paramref name="relative"/> (to the root) without leaving <paramref name="root"/>.</summary>
    public static Resolved ResolveUnder(Root root, string relative) => Walk(root.Real, relative, root);

    static Resolved Walk(string start, string path, Root? root)
    {
        var pending = new Stack<string>();
        Push(pending, path);
        string current = start;
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (root is not null && current == root.Real) return Outside;
                current = Parent(current);
                continue;
            }
            string next = Join(current, part);
            if (UnixFile.Stat(next) is not FileFacts facts) return new Resolved(Rest(next, pending), null, false);
            if (facts.Kind == FileKind.SymbolicLink)
            {
                if (++links > MaxLinks) throw new IOException("too many levels of symbolic links");
                string target = new FileInfo(next).LinkTarget ?? "";
                if (!System.IO.Path.IsPathRooted(target))
                {
                    Push(pending, target); // relative to the link's own directory, which is current
                    continue;
                }
                if (root is null)
                {
                    current = "/";
                    Push(pending, target);
                    continue;
                }
                // An absolute target stays inside only if it names the root's real or configured path.
                string normal = System.IO.Path.GetFullPath(target);
                string? inside = Relative(normal, root.Real) ?? Relative(normal, root.Configured);
                if (inside is null) return Outside;
                current = root.Real;
                Push(pending, inside);
                continue;
            }
            if (facts.Kind != FileKind.Directory && pending.Any(p => p is not ("" or ".")))
                return new Resolved(Rest(next, pending), null, false); // a file used as a directory: nothing there
            current = next;
        }
        return new Resolved(current, UnixFile.Stat(current), false);
    }

    static readonly Resolved Outside = new("", null, true);

    /// <summary><paramref name="path"/> relative to <paramref name="directory"/> when it lies inside it (or is it), else null; both lexically normal.</summary>
    public static string? Relative(string path, string directory)
    {
        string prefix = directory.EndsWith('/') ? directory : directory + "/";
        if (path == directory || path + "/" == prefix) return "";
        return path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : null;
    }

    /// <summary>Pushes the components of <paramref name="path"/> so the first is popped first.</summary>
    static void Push(Stack<string> pending, string path)
    {
        string[] parts = path.Split('/');
        for (int i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
    }

    static string Join(string directory, string name) => directory == "/" ? "/" + name : directory + "/" + name;

    static string Parent(string path) => path == "/" ? "/" : System.IO.Path.GetDirectoryName(path) ?? "/";

    static string Rest(string resolved, Stack<string> pending) =>
        pending.Count == 0 ? resolved : resolved + "/" + string.Join('/', pending.Where(p => p.Length > 0));
}
