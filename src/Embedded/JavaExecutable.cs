namespace Fraud.Orleans.Embedded;

/// <summary>Resolves <see cref="DynamoDbLocalOptions.JavaPath"/> to an executable file.</summary>
internal static class JavaExecutable
{
    /// <summary>
    /// The full path of <paramref name="javaPath"/> when it is a path, else of the first match on PATH, then
    /// under $JAVA_HOME/bin; <c>null</c> when there is none that can be executed. Always full, because the
    /// server runs in a working directory of its own, where a relative path would mean something else.
    /// </summary>
    public static string? Find(string javaPath)
    {
        if (LooksLikePath(javaPath))
        {
            return IsExecutableFile(javaPath) ? Path.GetFullPath(javaPath) : null;
        }

        var names = OperatingSystem.IsWindows() ? new[] { javaPath, javaPath + ".exe" } : [javaPath];
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .ToList();
        if (Environment.GetEnvironmentVariable("JAVA_HOME") is { Length: > 0 } javaHome)
        {
            directories.Add(Path.Combine(javaHome, "bin"));
        }

        var found = directories
            .SelectMany(dir => names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(IsExecutableFile);
        return found is null ? null : Path.GetFullPath(found);
    }

    public static bool LooksLikePath(string javaPath) =>
        Path.IsPathRooted(javaPath) ||
        javaPath.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ||
        javaPath.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal);

    // /bin/sh would run a file without execute permission as a shell script.
    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
