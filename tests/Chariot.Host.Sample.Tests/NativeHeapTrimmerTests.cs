using System.Runtime.InteropServices;
using Chariot.Host.Sample.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace Chariot.Host.Sample.Tests;

public sealed class NativeHeapTrimmerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));
    private int _trims;

    [Fact]
    public void Trims_every_second_while_jobs_run_and_once_more_when_they_end()
    {
        var trimmer = NativeHeapTrimmer.Start(Count(supported: true), _time);
        var atStart = _trims;
        _time.Advance(NativeHeapTrimmer.Interval * 3);
        var whileRunning = _trims;

        trimmer.Dispose();
        var atEnd = _trims;
        _time.Advance(NativeHeapTrimmer.Interval * 5);

        Assert.Equal((0, 3, 4, 4), (atStart, whileRunning, atEnd, _trims));
    }

    [Fact]
    public void Stops_asking_once_there_is_no_call_to_make()
    {
        using (NativeHeapTrimmer.Start(Count(supported: false), _time))
        {
            _time.Advance(NativeHeapTrimmer.Interval * 5);
        }

        Assert.Equal(1, _trims);
    }

    [Fact]
    public void The_process_trims_its_c_heap_where_glibc_has_the_call_and_says_no_elsewhere()
    {
        // Found independently of the P/Invoke: glibc's library, loaded by name, with its export.
        var glibc = OperatingSystem.IsLinux()
            && NativeLibrary.TryLoad("libc.so.6", out var library)
            && NativeLibrary.TryGetExport(library, "malloc_trim", out _);

        Assert.Equal(glibc, NativeHeap.Trim());
        Assert.Equal(glibc, NativeHeap.Trim());
    }

    private Func<bool> Count(bool supported) => () =>
    {
        Interlocked.Increment(ref _trims);
        return supported;
    };
}
