using System.Globalization;
using System.Runtime.InteropServices;

namespace RakorLive.Bench.Measuring;

/// <summary>Memory and CPU of a process, read from /proc.</summary>
public sealed record ProcessSample(long RssKiB, long PeakRssKiB, double CpuSeconds);

/// <summary>Resource figures from Linux's /proc; null where it cannot be read (another OS, a process that is gone).</summary>
public static partial class ProcFs
{
    private const int ScClkTck = 2;

    /// <summary>
    /// The process whose command line has <paramref name="argument"/> as one of its arguments, e.g. the
    /// server started with <c>--urls http://127.0.0.1:PORT</c> (the launcher does not hand out its pid).
    /// </summary>
    public static int? FindProcessByArgument(string argument)
    {
        if (!Directory.Exists("/proc")) return null;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            // The bench's own command line may name the same address (--url).
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0').Contains(argument)) return pid;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return null;
    }

    public static ProcessSample? SampleProcess(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            // After the command name, which is in parentheses and may hold spaces: field 14 utime, 15 stime.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcessSample(StatusKiB(status, "VmRSS:"), StatusKiB(status, "VmHWM:"), ticks / (double)TicksPerSecond);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>CPU seconds the whole machine spent busy so far (all cores, all processes); null where /proc/stat cannot be read.</summary>
    public static double? MachineBusySeconds()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal ...": busy is everything but idle and iowait.
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var busy = fields.Take(8).Sum() - fields[3] - fields[4];
            return busy / (double)TicksPerSecond;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>The machine's 1-minute load average: other work on the same cores skews every figure.</summary>
    public static double? LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static long StatusKiB(string[] status, string key) =>
        status.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal)) is { } line
            ? long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)
            : 0;

    private static long TicksPerSecond { get; } = OperatingSystem.IsLinux() && SysConf(ScClkTck) is > 0 and var t ? t : 100;

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
