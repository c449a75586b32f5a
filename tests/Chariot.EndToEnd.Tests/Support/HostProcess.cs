using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Chariot.EndToEnd.Tests.Support;

/// <summary>
/// The sample host in a process of its own (<c>dotnet chariot-host.dll</c>, as this test project's build copied it),
/// so a test can kill it as an operator or the OS would: SIGKILL, or SIGINT as Ctrl+C sends it. It trusts the fake
/// tenant's certificate as a private CA (<c>SSL_CERT_FILE</c>); every other address goes to a dead proxy on loopback, so
/// no request can leave the machine; no AZURE_* or *_SYNC_INTERVAL variable of the developer's reaches it.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private static readonly string[] ProxyVariables = ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"];

    private readonly Process _process;
    private readonly StringBuilder _error = new();

    private HostProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Everything the host wrote on stderr so far.</summary>
    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>chariot-host</c> with <paramref name="arguments"/>, trusting only <paramref name="certificatePem"/>.</summary>
    public static HostProcess Start(string certificatePem, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "chariot-host.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("AZURE_", StringComparison.OrdinalIgnoreCase)
                || name.EndsWith("_SYNC_INTERVAL", StringComparison.OrdinalIgnoreCase)
                || ProxyVariables.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["SSL_CERT_FILE"] = certificatePem;
        start.Environment["HTTPS_PROXY"] = "http://127.0.0.1:9";
        start.Environment["HTTP_PROXY"] = "http://127.0.0.1:9";
        start.Environment["NO_PROXY"] = "127.0.0.1";

        var process = new Process { StartInfo = start };
        var host = new HostProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (host._error)
                {
                    host._error.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        if (!process.Start())
        {
            throw new InvalidOperationException("chariot-host did not start.");
        }

        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return host;
    }

    /// <summary>Waits for the host to end by itself; kills it (and fails) past <paramref name="timeout"/>.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout, TimeProvider.System);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chariot-host did not end within {timeout}; killed. stderr:\n{Error}");
        }

        // The parameterless wait also drains the redirected streams.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the host gets no chance to flush, save or clean up anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// SIGINT, as Ctrl+C in a terminal sends it; SIGTERM where the host ignores SIGINT (a process started in the
    /// background of a shell without job control inherits that, and the runtime keeps it so), which it handles alike.
    /// Returns the signal sent.
    /// </summary>
    public async Task<string> InterruptAsync()
    {
        var signal = Ignores(signal: 2) ? "TERM" : "INT";
        var start = new ProcessStartInfo("kill") { UseShellExecute = false };
        start.ArgumentList.Add("-" + signal);
        start.ArgumentList.Add(_process.Id.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync();
        return "SIG" + signal;
    }

    // The SigIgn mask of /proc/PID/status: bit n-1 set when signal n is ignored.
    private bool Ignores(int signal)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << (signal - 1))) != 0;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
