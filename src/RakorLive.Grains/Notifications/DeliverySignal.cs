namespace RakorLive.Grains.Notifications;

/// <summary>Pokes this node's webhook dispatcher when a notification was raised here, so it does not wait for its next poll.</summary>
public sealed class DeliverySignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Poke()
    {
        try { if (_signal.CurrentCount == 0) _signal.Release(); }
        catch (SemaphoreFullException) { }
    }

    public Task<bool> Wait(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
