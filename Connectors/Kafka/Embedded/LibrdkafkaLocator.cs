using System.Runtime.InteropServices;

namespace Kickstarter.Connectors.Kafka.Embedded;

/// <summary>
/// Where librdkafka's native library is for a platform, in the layout of the librdkafka.redist 2.16.0 package:
/// <c>runtimes/&lt;rid&gt;/native/&lt;file&gt;</c> beside the application (a framework-dependent build or publish), or the
/// application folder itself (a RID-specific publish, <c>dotnet publish -r linux-arm64</c>, flattens them there).
/// </summary>
/// <remarks>
/// File names per folder in the package, and the order they are tried in:
/// <list type="bullet">
/// <item><c>linux-x64</c>: <c>librdkafka.so</c> (needs libsasl2.so.3, absent on Debian), then <c>centos8-librdkafka.so</c>
/// (glibc only, loads on Debian); on musl (Alpine) <c>alpine-librdkafka.so</c> alone, the glibc builds cannot load there.</item>
/// <item><c>linux-arm64</c>: <c>librdkafka.so</c> (glibc, no SASL dependency); on musl <c>alpine-librdkafka.so</c>.</item>
/// <item><c>linux-s390x</c>: <c>librdkafka.so</c>.</item>
/// <item><c>osx-arm64</c>, <c>osx-x64</c>: <c>librdkafka.dylib</c>.</item>
/// <item><c>win-x64</c>, <c>win-x86</c>: <c>librdkafka.dll</c> (its dependencies, libcurl, zstd, ..., sit beside it; Windows
/// resolves them from the folder of the DLL loaded by full path).</item>
/// </list>
/// Any other platform has no build in the package: the application folder is still tried with the platform's usual
/// file name, for a librdkafka built by hand.
/// </remarks>
internal static class LibrdkafkaLocator
{
    /// <summary>
    /// The package's runtime identifier folder for a platform, or null when the package ships no build for it.
    /// musl Linux uses the glibc folders (the package has no <c>linux-musl-*</c> folder; it names the file instead).
    /// </summary>
    public static string? RuntimeFolder(OSPlatform os, Architecture architecture)
    {
        if (os == OSPlatform.Linux)
        {
            return architecture switch
            {
                Architecture.X64 => "linux-x64",
                Architecture.Arm64 => "linux-arm64",
                Architecture.S390x => "linux-s390x",
                _ => null,
            };
        }

        if (os == OSPlatform.OSX)
        {
            return architecture switch
            {
                Architecture.Arm64 => "osx-arm64",
                Architecture.X64 => "osx-x64",
                _ => null,
            };
        }

        if (os == OSPlatform.Windows)
        {
            return architecture switch
            {
                Architecture.X64 => "win-x64",
                Architecture.X86 => "win-x86",
                _ => null,
            };
        }

        return null;
    }

    /// <summary>File names to try, best first, for a platform (see the remarks for where each comes from).</summary>
    public static IReadOnlyList<string> FileNames(OSPlatform os, Architecture architecture, bool isMusl)
    {
        if (os == OSPlatform.Linux)
        {
            if (isMusl)
            {
                return ["alpine-librdkafka.so"];
            }

            return architecture == Architecture.X64 ? ["librdkafka.so", "centos8-librdkafka.so"] : ["librdkafka.so"];
        }

        if (os == OSPlatform.OSX)
        {
            return ["librdkafka.dylib"];
        }

        return os == OSPlatform.Windows ? ["librdkafka.dll"] : ["librdkafka.so"];
    }

    /// <summary>
    /// Every full path to try, in order: the package folder of the platform first, then the application folder.
    /// A pure function of its arguments, so each platform's answer is testable on any machine.
    /// </summary>
    public static IReadOnlyList<string> CandidatePaths(OSPlatform os, Architecture architecture, bool isMusl, string baseDirectory)
    {
        var folders = new List<string>(2);
        if (RuntimeFolder(os, architecture) is { } rid)
        {
            folders.Add(Path.Combine(baseDirectory, "runtimes", rid, "native"));
        }

        folders.Add(baseDirectory);
        var files = FileNames(os, architecture, isMusl);
        return [.. folders.SelectMany(folder => files.Select(file => Path.Combine(folder, file)))];
    }

    /// <summary>A short name of a platform for messages: "linux-arm64", "linux-musl-x64", "osx-arm64", ...</summary>
    public static string Describe(OSPlatform os, Architecture architecture, bool isMusl)
    {
        var osName = os == OSPlatform.Linux ? (isMusl ? "linux-musl" : "linux")
            : os == OSPlatform.OSX ? "osx"
            : os == OSPlatform.Windows ? "win"
            : os.ToString().ToLowerInvariant();
        return $"{osName}-{architecture.ToString().ToLowerInvariant()}";
    }

    /// <summary>
    /// Loads the first candidate that exists and loads; throws <see cref="DllNotFoundException"/> naming the platform
    /// and every path tried (with the loader's reason for files that exist but would not load).
    /// </summary>
    public static IntPtr Load(OSPlatform os, Architecture architecture, bool isMusl, string baseDirectory)
    {
        var tried = new List<string>();
        foreach (var path in CandidatePaths(os, architecture, isMusl, baseDirectory))
        {
            if (!File.Exists(path))
            {
                tried.Add($"{path} (missing)");
                continue;
            }

            try
            {
                return NativeLibrary.Load(path);
            }
            catch (DllNotFoundException ex)
            {
                // Usually a dependency the host lacks (libsasl2.so.3 on Debian); the next candidate may not need it.
                tried.Add($"{path} (did not load: {ex.Message})");
            }
        }

        var platform = Describe(os, architecture, isMusl);
        var shipped = RuntimeFolder(os, architecture) is null
            ? $" librdkafka.redist ships no build for {platform}: put a librdkafka built for it in the application folder."
            : string.Empty;
        throw new DllNotFoundException(
            $"librdkafka could not be loaded for platform {platform}.{shipped} Tried: {string.Join("; ", tried)}.");
    }

    /// <summary>The platform this process runs on, in the terms of <see cref="CandidatePaths"/>.</summary>
    public static (OSPlatform Os, Architecture Architecture, bool IsMusl) Current()
    {
        var os = OperatingSystem.IsLinux() ? OSPlatform.Linux
            : OperatingSystem.IsMacOS() ? OSPlatform.OSX
            : OperatingSystem.IsWindows() ? OSPlatform.Windows
            : OSPlatform.FreeBSD;
        // .NET's own runtime identifier says musl on Alpine ("linux-musl-x64").
        var isMusl = os == OSPlatform.Linux && RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal);
        return (os, RuntimeInformation.ProcessArchitecture, isMusl);
    }
}
