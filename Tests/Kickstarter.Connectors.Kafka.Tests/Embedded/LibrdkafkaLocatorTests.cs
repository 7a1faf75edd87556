using System.Runtime.InteropServices;
using Kickstarter.Connectors.Kafka.Embedded;

namespace Kickstarter.Connectors.Kafka.Tests.Embedded;

/// <summary>
/// Where the embedded cluster looks for librdkafka on each platform the librdkafka.redist package supports. The
/// expected paths are the package's real layout (runtimes/&lt;rid&gt;/native/&lt;file&gt; in librdkafka.redist 2.16.0).
/// </summary>
public sealed class LibrdkafkaLocatorTests
{
    private const string App = "/app";

    [Fact]
    public void LinuxX64TriesThePlainBuildThenTheCentos8BuildInThePackageFolderThenTheAppFolder()
    {
        Assert.Equal(
            [
                "/app/runtimes/linux-x64/native/librdkafka.so",
                "/app/runtimes/linux-x64/native/centos8-librdkafka.so",
                "/app/librdkafka.so",
                "/app/centos8-librdkafka.so",
            ],
            LibrdkafkaLocator.CandidatePaths(OSPlatform.Linux, Architecture.X64, isMusl: false, App));
    }

    [Fact]
    public void LinuxArm64TriesItsOwnGlibcBuild()
    {
        Assert.Equal(
            ["/app/runtimes/linux-arm64/native/librdkafka.so", "/app/librdkafka.so"],
            LibrdkafkaLocator.CandidatePaths(OSPlatform.Linux, Architecture.Arm64, isMusl: false, App));
    }

    [Theory]
    [InlineData(Architecture.X64, "linux-x64")]
    [InlineData(Architecture.Arm64, "linux-arm64")]
    public void AlpineTriesOnlyTheMuslBuild(Architecture architecture, string folder)
    {
        Assert.Equal(
            [$"/app/runtimes/{folder}/native/alpine-librdkafka.so", "/app/alpine-librdkafka.so"],
            LibrdkafkaLocator.CandidatePaths(OSPlatform.Linux, architecture, isMusl: true, App));
    }

    [Theory]
    [InlineData(Architecture.Arm64, "osx-arm64")]
    [InlineData(Architecture.X64, "osx-x64")]
    public void MacOsTriesTheDylib(Architecture architecture, string folder)
    {
        Assert.Equal(
            [$"/app/runtimes/{folder}/native/librdkafka.dylib", "/app/librdkafka.dylib"],
            LibrdkafkaLocator.CandidatePaths(OSPlatform.OSX, architecture, isMusl: false, App));
    }

    [Fact]
    public void WindowsX64TriesTheDll()
    {
        Assert.Equal(
            ["/app/runtimes/win-x64/native/librdkafka.dll", "/app/librdkafka.dll"],
            LibrdkafkaLocator.CandidatePaths(OSPlatform.Windows, Architecture.X64, isMusl: false, App));
    }

    [Fact]
    public void APlatformThePackageDoesNotShipTriesOnlyTheAppFolder()
    {
        Assert.Null(LibrdkafkaLocator.RuntimeFolder(OSPlatform.Windows, Architecture.Arm64));
        Assert.Equal(
            ["/app/librdkafka.dll"],
            LibrdkafkaLocator.CandidatePaths(OSPlatform.Windows, Architecture.Arm64, isMusl: false, App));
    }

    [Fact]
    public void EveryPackageFolderTheLocatorNamesExistsInThisBuildWithItsFiles()
    {
        // The test's own build output carries the package's runtimes/ folder: each name the locator uses for a
        // supported platform must be a file there, or the locator would look for something the package lacks.
        var platforms = new (OSPlatform Os, Architecture Architecture, bool IsMusl)[]
        {
            (OSPlatform.Linux, Architecture.X64, false), (OSPlatform.Linux, Architecture.X64, true),
            (OSPlatform.Linux, Architecture.Arm64, false), (OSPlatform.Linux, Architecture.Arm64, true),
            (OSPlatform.OSX, Architecture.Arm64, false), (OSPlatform.OSX, Architecture.X64, false),
            (OSPlatform.Windows, Architecture.X64, false),
        };
        var runtimes = Path.Combine(AppContext.BaseDirectory, "runtimes");
        foreach (var (os, architecture, isMusl) in platforms)
        {
            var inPackage = LibrdkafkaLocator.CandidatePaths(os, architecture, isMusl, AppContext.BaseDirectory)
                .Where(p => p.StartsWith(runtimes, StringComparison.Ordinal))
                .ToList();
            Assert.NotEmpty(inPackage);
            Assert.All(inPackage, path => Assert.True(File.Exists(path), $"{path} is not in librdkafka.redist"));
        }
    }

    [Fact]
    public void ThisMachineLoadsLibrdkafkaFromItsBuildOutput()
    {
        var (os, architecture, isMusl) = LibrdkafkaLocator.Current();
        var handle = LibrdkafkaLocator.Load(os, architecture, isMusl, AppContext.BaseDirectory);
        Assert.NotEqual(IntPtr.Zero, handle);
        Assert.True(NativeLibrary.TryGetExport(handle, "rd_kafka_mock_cluster_new", out _));
    }

    [Fact]
    public void AFolderWithoutLibrdkafkaFailsNamingThePlatformAndEveryPathTried()
    {
        var empty = Directory.CreateTempSubdirectory("kickstarter-no-librdkafka-").FullName;
        try
        {
            var error = Assert.Throws<DllNotFoundException>(
                () => LibrdkafkaLocator.Load(OSPlatform.Linux, Architecture.Arm64, isMusl: false, empty));
            Assert.Contains("linux-arm64", error.Message);
            Assert.Contains(Path.Combine(empty, "runtimes", "linux-arm64", "native", "librdkafka.so") + " (missing)", error.Message);
            Assert.Contains(Path.Combine(empty, "librdkafka.so") + " (missing)", error.Message);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void AFileThatDoesNotLoadIsReportedWithTheLoadersReasonAndTheNextCandidateIsTried()
    {
        var folder = Directory.CreateTempSubdirectory("kickstarter-bad-librdkafka-").FullName;
        try
        {
            // Not an ELF file: the loader refuses it, and the locator must go on to the next name rather than stop.
            File.WriteAllText(Path.Combine(folder, "librdkafka.so"), "not a shared library");
            var error = Assert.Throws<DllNotFoundException>(
                () => LibrdkafkaLocator.Load(OSPlatform.Linux, Architecture.X64, isMusl: false, folder));
            Assert.Contains("linux-x64", error.Message);
            Assert.Contains(Path.Combine(folder, "librdkafka.so") + " (did not load:", error.Message);
            Assert.Contains(Path.Combine(folder, "centos8-librdkafka.so") + " (missing)", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ARidSpecificPublishLoadsFromTheAppFolder()
    {
        // A `dotnet publish -r linux-x64` output: the native files at the root, no runtimes/ folder.
        var (os, architecture, isMusl) = LibrdkafkaLocator.Current();
        var installed = LibrdkafkaLocator.CandidatePaths(os, architecture, isMusl, AppContext.BaseDirectory)
            .Where(File.Exists).ToList();
        var flat = Directory.CreateTempSubdirectory("kickstarter-flat-publish-").FullName;
        try
        {
            foreach (var file in installed)
            {
                File.Copy(file, Path.Combine(flat, Path.GetFileName(file)), overwrite: true);
            }

            var handle = LibrdkafkaLocator.Load(os, architecture, isMusl, flat);
            Assert.True(NativeLibrary.TryGetExport(handle, "rd_kafka_mock_cluster_bootstraps", out _));
        }
        finally
        {
            Directory.Delete(flat, recursive: true);
        }
    }
}
