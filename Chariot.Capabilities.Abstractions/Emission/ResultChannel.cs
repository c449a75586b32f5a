using System.Threading.Channels;
using Chariot.Capabilities.Filtering;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Emission;

/// <summary>
/// The host's end of a job's results: a bounded channel whose only writer is the <see cref="ResultEmitter"/> handed to the
/// capability (so everything in it passed the filter), and whose reader the host drains.
/// </summary>
public sealed class ResultChannel
{
    /// <summary>The default capacity: small, so a capability never runs far ahead of the host.</summary>
    public const int DefaultCapacity = 64;

    private readonly Channel<Emitted> _channel;

    /// <summary>Creates the channel for one job.</summary>
    /// <param name="job">The job; its username is stamped on models that have none.</param>
    /// <param name="filter">The filter every asset and risk passes.</param>
    /// <param name="timeProvider">The clock for default timestamps.</param>
    /// <param name="capacity">How many items may wait before the sender waits; 1 is closest to Chariot's unbuffered send.</param>
    public ResultChannel(Job job, IFilter filter, TimeProvider timeProvider, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _channel = Channel.CreateBounded<Emitted>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        Emitter = new ResultEmitter(_channel.Writer, filter, job, timeProvider);
    }

    /// <summary>The sending side, for the capability.</summary>
    public ResultEmitter Emitter { get; }

    /// <summary>How many items the channel holds before a sender waits.</summary>
    internal int Capacity { get; }

    /// <summary>The receiving side, for the host.</summary>
    public ChannelReader<Emitted> Reader => _channel.Reader;

    /// <summary>Says no more items will come.</summary>
    public void Complete()
    {
        _channel.Writer.TryComplete();
        Emitter.ReleaseKeys();
    }
}
