namespace Kickstarter.Testing;

/// <summary>Finds programs and the repository's own files for fixtures that start real servers.</summary>
internal static class Executables
{
    public const string ProvisionHint = "Run the README's test command, `bash scripts/test.sh`, which installs the test dependencies.";

    /// <summary>Full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The repository root: the first directory above the test binaries holding Kickstarter.sln or tools/.</summary>
    public static string? FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Kickstarter.sln")) || Directory.Exists(Path.Combine(directory.FullName, "tools", "dynalite")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
