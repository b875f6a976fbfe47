// Marks one required symbol version of an ELF shared library as weak, so that a loader whose
// libstdc++ lacks that version only warns instead of refusing to load the library.
//
// Why: TorchSharp 0.107.0's libLibTorchSharp.so was linked with GCC 13 and requires GLIBCXX_3.4.32,
// which Debian 12 / Ubuntu 22.04 do not have. The only symbol bound to that version
// (std::ios_base_library_init) is a link-time anchor with no relocation, so nothing ever resolves it;
// setting VER_FLG_WEAK on its Elf64_Vernaux entry is enough. See README "TorchSharp on Debian 12".
//
// This file is compiled twice: into the MSBuild inline task (build/Crossfold.Native.targets) and,
// with CROSSFOLD_NO_MSBUILD defined, into the test project so the patch itself is tested.
using System.Collections.Generic;
using System.IO;
using System.Text;
using System;

namespace Crossfold.Build
{
    /// <summary>One version requirement (Elf64_Vernaux) of a library on a dependency (Elf64_Verneed).</summary>
    public sealed class ElfVersionNeed
    {
        public ElfVersionNeed(string file, string version, ushort flags, long flagsOffset)
        {
            File = file; Version = version; Flags = flags; FlagsOffset = flagsOffset;
        }
        public string File { get; }
        public string Version { get; }
        public ushort Flags { get; }
        /// <summary>Byte offset of vna_flags in the file.</summary>
        public long FlagsOffset { get; }
        public bool IsWeak => (Flags & ElfVersionNeeds.VerFlagWeak) != 0;
    }

    /// <summary>Reads and patches the .gnu.version_r section of 64-bit little-endian ELF files.</summary>
    public static class ElfVersionNeeds
    {
        public const ushort VerFlagWeak = 0x2;
        const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>Every version requirement in the file, in section order.</summary>
        public static List<ElfVersionNeed> Read(byte[] elf)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("only 64-bit little-endian ELF files are supported");
            long shoff = (long)U64(elf, 0x28);
            int shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
            var result = new List<ElfVersionNeed>();
            for (int s = 0; s < shnum; s++)
            {
                long sh = shoff + (long)s * shentsize;
                if (U32(elf, sh + 4) != ShtGnuVerneed) continue;
                long offset = (long)U64(elf, sh + 0x18);
                int link = (int)U32(elf, sh + 0x28);
                int count = (int)U32(elf, sh + 0x2C);
                long strtab = (long)U64(elf, shoff + (long)link * shentsize + 0x18);
                long need = offset;
                for (int n = 0; n < count; n++)
                {
                    int auxCount = U16(elf, need + 2);
                    string file = CString(elf, strtab + U32(elf, need + 4));
                    long aux = need + U32(elf, need + 8);
                    for (int a = 0; a < auxCount; a++)
                    {
                        string version = CString(elf, strtab + U32(elf, aux + 8));
                        result.Add(new ElfVersionNeed(file, version, U16(elf, aux + 4), aux + 4));
                        uint nextAux = U32(elf, aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    uint next = U32(elf, need + 12);
                    if (next == 0) break;
                    need += next;
                }
            }
            return result;
        }

        /// <summary>
        /// Sets the weak flag on the requirement of <paramref name="version"/> in the file at
        /// <paramref name="path"/>. Returns false when the file does not require that version or it is
        /// already weak (nothing written).
        /// </summary>
        public static bool MarkWeak(string path, string version)
        {
            byte[] elf = System.IO.File.ReadAllBytes(path);
            bool changed = false;
            foreach (var need in Read(elf))
            {
                if (need.Version != version || need.IsWeak) continue;
                ushort flags = (ushort)(need.Flags | VerFlagWeak);
                elf[need.FlagsOffset] = (byte)flags;
                elf[need.FlagsOffset + 1] = (byte)(flags >> 8);
                changed = true;
            }
            if (!changed) return false;
            // Write beside and rename, so an interrupted build never leaves a half-written library.
            string temp = path + ".patching";
            System.IO.File.WriteAllBytes(temp, elf);
            System.IO.File.Replace(temp, path, null);
            return true;
        }

        /// <summary>True when a libstdc++ on this machine's default library path defines the version.</summary>
        public static bool SystemLibStdCxxHas(string version)
        {
            string[] dirs = { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib" };
            byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
            foreach (string dir in dirs)
            {
                string lib = Path.Combine(dir, "libstdc++.so.6");
                if (System.IO.File.Exists(lib) && IndexOf(System.IO.File.ReadAllBytes(lib), needle) >= 0) return true;
            }
            return false;
        }

        static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i <= haystack.Length - needle.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }
            return -1;
        }

        static ushort U16(byte[] b, long o) => (ushort)(b[o] | b[o + 1] << 8);
        static uint U32(byte[] b, long o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
        static ulong U64(byte[] b, long o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;

        static string CString(byte[] b, long o)
        {
            long end = o;
            while (b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, (int)o, (int)(end - o));
        }
    }

#if !CROSSFOLD_NO_MSBUILD
    /// <summary>MSBuild task: makes the output copy of libLibTorchSharp.so load where GLIBCXX_3.4.32 is missing.</summary>
    public class MarkGlibcxxVersionWeak : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public string Library { get; set; } = "";

        public string Version { get; set; } = "GLIBCXX_3.4.32";

        public override bool Execute()
        {
            if (!System.IO.File.Exists(Library)) return true;
            if (!System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux) || ElfVersionNeeds.SystemLibStdCxxHas(Version)) return true;
            if (ElfVersionNeeds.MarkWeak(Library, Version))
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                    "Crossfold: marked " + Version + " weak in " + Library + " (this machine's libstdc++ lacks it)");
            return true;
        }
    }
#endif
}
