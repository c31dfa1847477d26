using System.Diagnostics;
using System.Globalization;

namespace RakorLive.Bench.Measuring;

/// <summary>What a reader of a report needs to compare it with another machine's or another commit's.</summary>
public sealed record MachineInfo(int Cores, double? MemoryGiB, string CpuModel, string OperatingSystem, string Runtime, string GitCommit, bool GitDirty)
{
    public static MachineInfo Read(string repositoryRoot) => new(
        Environment.ProcessorCount,
        ProcMemInfoKiB("MemTotal:") is { } kib ? Math.Round(kib / 1024.0 / 1024.0, 1) : null,
        ReadCpuModel(),
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        Git(repositoryRoot, "rev-parse HEAD") ?? "unknown",
        // Reports written by earlier runs do not make the code under test differ from the commit.
        Git(repositoryRoot, "status --porcelain --untracked-files=no -- . \":(exclude)bench/results\"") is { Length: > 0 });

    private static string ReadCpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }

    private static long? ProcMemInfoKiB(string key)
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static string? Git(string directory, string arguments)
    {
        try
        {
            var info = new ProcessStartInfo("git", $"-C \"{directory}\" {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var git = Process.Start(info);
            if (git is null) return null;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}
