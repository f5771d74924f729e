namespace IamOperator.Controllers;

/// <summary>The Lease and timings of leader election; the defaults are client-go's.</summary>
public sealed class LeaderElectionOptions
{
    public string LeaseName { get; set; } = "iam-operator";

    public string LeaseNamespace { get; set; } = "default";

    /// <summary>This replica's identity written as the Lease holder (the host uses the pod name plus a unique suffix).</summary>
    public string Identity { get; set; } = "";

    /// <summary>How long a non-leader waits after it last saw the Lease change before taking it over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives leadership up.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try to acquire and the leader renews.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>On shutdown the leader clears the Lease so another replica takes over at once.</summary>
    public bool ReleaseOnCancel { get; set; } = true;
}
