using Orleans.Concurrency;
using RakorLive.Commands;
using RakorLive.Model;

namespace RakorLive.GrainInterfaces;

/// <summary>Well-known keys of the singleton directory grains.</summary>
public static class DirectoryKeys
{
    public const string Default = "default";
}

/// <summary>The deployment's agencies: loaded per region, never hard-coded.</summary>
[Alias("RakorLive.IOpdDirectoryGrain")]
public interface IOpdDirectoryGrain : IGrainWithStringKey
{
    [Alias("List")]
    Task<IReadOnlyList<Opd>> List();

    [Alias("Add")]
    Task<CommandReply<Opd>> Add(Caller caller, CreateOpd command);

    /// <summary>Adds agencies whose codes are not known yet; used by the seed loader.</summary>
    [Alias("Seed")]
    Task<int> Seed(IReadOnlyList<Opd> opds);
}

[Alias("RakorLive.IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    [Alias("Find")]
    Task<UserAccount?> Find(string username);

    [Alias("List")]
    Task<IReadOnlyList<UserAccount>> List(Caller caller);

    [Alias("Count")]
    Task<int> Count();

    /// <param name="passwordHash">Hashed by the server; grains never see a password.</param>
    [Alias("Create")]
    Task<CommandReply<UserAccount>> Create(Caller caller, CreateUser command, string passwordHash);

    /// <summary>Admin: display name, role, agency, disabled. A new role, agency or disabling changes the stamp, ending the account's tokens.</summary>
    [Alias("Update")]
    Task<CommandReply<UserAccount>> Update(Caller caller, string username, UpdateUser command);

    /// <summary>Sets the password hash and changes the stamp (the account's tokens end).</summary>
    /// <param name="currentPasswordVerified">The server checked the caller's current password (needed when a user changes their own).</param>
    [Alias("SetPassword")]
    Task<CommandReply<UserAccount>> SetPassword(Caller caller, string username, string commandId, string passwordHash, bool currentPasswordVerified);
}

/// <summary>
/// Failed sign-ins of one username, known or not (key <c>signin:&lt;normalized username&gt;</c>): one activation in the
/// cluster, so every node sees the same lockout.
/// </summary>
[Alias("RakorLive.ISignInGuardGrain")]
public interface ISignInGuardGrain : IGrainWithStringKey
{
    /// <summary>How long the name is still locked, or null when it may try.</summary>
    [Alias("LockedFor")]
    Task<TimeSpan?> LockedFor();

    /// <summary>Counts a wrong password; answers how long the name is now locked (null: not yet).</summary>
    [Alias("Failed")]
    Task<TimeSpan?> Failed();

    [Alias("Succeeded")]
    Task Succeeded();
}

[Alias("RakorLive.IMeetingDirectoryGrain")]
public interface IMeetingDirectoryGrain : IGrainWithStringKey
{
    [Alias("List")]
    Task<IReadOnlyList<MeetingSummary>> List();

    /// <summary>Stores the meeting's line as of its <paramref name="version"/>; older versions are ignored, so the outbox may repeat itself.</summary>
    [Alias("Upsert")]
    Task Upsert(MeetingSummary summary, long version);
}

/// <summary>An agency: keeps the ledger of its commitments across meetings and watches their deadlines.</summary>
[Alias("RakorLive.IOpdGrain")]
public interface IOpdGrain : IGrainWithStringKey
{
    [Alias("GetLedger")]
    Task<IReadOnlyList<LedgerEntry>> GetLedger();

    /// <summary>Told by a meeting's outbox after the read model holds <paramref name="entry"/>: arms the deadline reminder.</summary>
    [Alias("Track")]
    Task Track(LedgerEntry entry);

    /// <summary>Raises whatever notification is due now and not raised yet (each at most once); called at start-up to catch up.</summary>
    [Alias("Wake")]
    Task Wake();
}

/// <summary>
/// The follow-up notification hub of the cluster (one grain, key <see cref="DirectoryKeys.Default"/>): each silo's relay
/// registers one observer here (renewed, with a lease) and the agencies publish their ledger changes and notifications
/// through it to every silo, which pushes them to its own SignalR connections.
/// </summary>
[Alias("RakorLive.IFollowUpHubGrain")]
public interface IFollowUpHubGrain : IGrainWithStringKey
{
    [Alias("Subscribe")]
    Task Subscribe(IFollowUpObserver observer, TimeSpan lease);

    [Alias("Unsubscribe")]
    Task Unsubscribe(IFollowUpObserver observer);

    [Alias("Changed"), OneWay]
    Task Changed(FollowUpChange change);

    [Alias("Notify"), OneWay]
    Task Notify(FollowUpNotification notification);
}

/// <summary>A silo's follow-up relay, as the hub grain calls it (one-way).</summary>
[Alias("RakorLive.IFollowUpObserver")]
public interface IFollowUpObserver : IGrainObserver
{
    [Alias("OnChanged"), OneWay]
    Task OnChanged(FollowUpChange change);

    [Alias("OnNotification"), OneWay]
    Task OnNotification(FollowUpNotification notification);
}
