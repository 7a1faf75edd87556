using System.Runtime.InteropServices;

namespace Kickstarter.Connectors.Iceberg.Io;

/// <summary>Publishes a complete file under a new name only if that name is free, atomically.</summary>
internal static partial class ExclusiveRename
{
    private const int EEXIST = 17;

    /// <summary>
    /// True when <paramref name="target"/> now names the content of <paramref name="source"/>; false when it existed
    /// already. The source stays and is the caller's to delete.
    /// </summary>
    public static bool TryMove(string source, string target)
    {
        if (OperatingSystem.IsWindows())
        {
            // MoveFileEx without MOVEFILE_REPLACE_EXISTING fails atomically when the target exists.
            try
            {
                File.Copy(source, source + ".x", overwrite: true);
                File.Move(source + ".x", target, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(target))
            {
                File.Delete(source + ".x");
                return false;
            }
        }
        // link(2) creates the name or fails with EEXIST, with no window between check and create.
        if (Link(source, target) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == EEXIST)
        {
            return false;
        }

        throw new IOException($"link('{source}', '{target}') failed with errno {errno}");
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);
}
