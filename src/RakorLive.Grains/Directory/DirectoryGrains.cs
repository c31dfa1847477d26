using RakorLive.Commands;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.Rules;

namespace RakorLive.Grains.Directory;

[GenerateSerializer, Alias("RakorLive.OpdDirectoryState")]
public sealed class OpdDirectoryState
{
    [Id(0)] public List<Opd> Opds { get; set; } = [];
}

public sealed class OpdDirectoryGrain(
    [PersistentState("opds", StorageNames.Default)] IPersistentState<OpdDirectoryState> store,
    OpdCatalog catalog) : Grain, IOpdDirectoryGrain
{
    public Task<IReadOnlyList<Opd>> List() => Task.FromResult<IReadOnlyList<Opd>>([.. store.State.Opds]);

    public async Task<CommandReply<Opd>> Add(Caller caller, CreateOpd command)
    {
        Permissions.ManageAgencies(caller);
        var opd = Validation.Opd(command);
        var existing = store.State.Opds.Find(o => o.Code == opd.Code);
        if (existing is not null)
        {
            if (existing == opd) return new CommandReply<Opd>(existing, true, 0);
            throw RakorProblem.Conflict($"OPD code {opd.Code} is already registered as '{existing.Name}'.");
        }
        store.State.Opds.Add(opd);
        await store.WriteStateAsync();
        catalog.Invalidate();
        return new CommandReply<Opd>(opd, false, 0);
    }

    public async Task<int> Seed(IReadOnlyList<Opd> opds)
    {
        var added = 0;
        foreach (var opd in opds)
        {
            if (store.State.Opds.Exists(o => o.Code == opd.Code)) continue;
            store.State.Opds.Add(opd);
            added++;
        }
        if (added > 0) await store.WriteStateAsync();
        catalog.Invalidate();
        return added;
    }
}

[GenerateSerializer, Alias("RakorLive.UserDirectoryState")]
public sealed class UserDirectoryState
{
    [Id(0)] public Dictionary<string, UserAccount> Users { get; set; } = [];
    /// <summary>What each commandId of an edit or password change answered, so a replay answers the same and changes nothing.</summary>
    [Id(1)] public Dictionary<string, UserReceipt> Receipts { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("RakorLive.UserReceipt")]
public sealed record UserReceipt([property: Id(0)] string Kind, [property: Id(1)] string Username, [property: Id(2)] UserAccount Result);

/// <summary>All accounts of the deployment: a kabupaten has hundreds, not millions, so one grain holds them.</summary>
public sealed class UserDirectoryGrain(
    [PersistentState("users", StorageNames.Default)] IPersistentState<UserDirectoryState> store,
    TimeProvider clock) : Grain, IUserDirectoryGrain
{
    public Task<UserAccount?> Find(string username) =>
        Task.FromResult(store.State.Users.GetValueOrDefault(username.Trim().ToLowerInvariant()));

    public Task<IReadOnlyList<UserAccount>> List(Caller caller)
    {
        Permissions.ManageUsers(caller);
        return Task.FromResult<IReadOnlyList<UserAccount>>([.. store.State.Users.Values.OrderBy(u => u.Username, StringComparer.Ordinal)]);
    }

    public Task<int> Count() => Task.FromResult(store.State.Users.Count);

    public async Task<CommandReply<UserAccount>> Create(Caller caller, CreateUser command, string passwordHash)
    {
        // The very first account (bootstrap admin) is created by the system before anyone can sign in.
        if (!(caller == Caller.System && store.State.Users.Count == 0)) Permissions.ManageUsers(caller);
        var known = (await GrainFactory.GetGrain<IOpdDirectoryGrain>(DirectoryKeys.Default).List()).Select(o => o.Code).ToHashSet();
        var valid = Validation.User(command, known.Contains);
        if (store.State.Users.TryGetValue(valid.Username, out var existing))
        {
            if (existing.Role == valid.Role && existing.Opd == valid.Opd && existing.DisplayName == valid.DisplayName)
                return new CommandReply<UserAccount>(existing, true, 0);
            throw RakorProblem.Conflict($"User '{valid.Username}' already exists; choose another username.");
        }
        var account = new UserAccount(valid.Username, valid.DisplayName, valid.Role, valid.Opd, passwordHash, clock.GetUtcNow());
        store.State.Users[account.Username] = account;
        await store.WriteStateAsync();
        return new CommandReply<UserAccount>(account, false, 0);
    }

    public async Task<CommandReply<UserAccount>> Update(Caller caller, string username, UpdateUser command)
    {
        Permissions.ManageUsers(caller);
        var current = Existing(username);
        if (Replay(command?.CommandId, nameof(Update), current.Username) is { } replay) return replay;
        var known = (await GrainFactory.GetGrain<IOpdDirectoryGrain>(DirectoryKeys.Default).List()).Select(o => o.Code).ToHashSet();
        var edit = Validation.UserUpdate(command, current, known.Contains);
        if (edit.Disabled == true && current.Username == caller.Subject)
            throw RakorProblem.Conflict("You cannot disable your own account; another administrator can.");
        var updated = current with
        {
            DisplayName = edit.DisplayName ?? current.DisplayName,
            Role = edit.Role ?? current.Role,
            Opd = edit.Opd,
            Disabled = edit.Disabled ?? current.Disabled,
        };
        // A token carries the role and agency it was issued with: a change of either, or disabling, ends it.
        if (updated.Role != current.Role || updated.Opd != current.Opd || updated.Disabled != current.Disabled)
            updated = updated with { Stamp = current.Stamp + 1 };
        return await Save(edit.CommandId, nameof(Update), updated);
    }

    public async Task<CommandReply<UserAccount>> SetPassword(Caller caller, string username, string commandId, string passwordHash, bool currentPasswordVerified)
    {
        var current = Existing(username);
        if (Replay(commandId, nameof(SetPassword), current.Username) is { } replay && (caller.Role == Role.Admin || caller.Subject == current.Username))
            return replay;
        Permissions.ChangePassword(caller, current.Username, currentPasswordVerified);
        if (string.IsNullOrEmpty(passwordHash)) throw Validation.Single("newPassword", $"Kata sandi minimal {Limits.MinPassword} karakter.");
        return await Save(commandId, nameof(SetPassword), current with { PasswordHash = passwordHash, Stamp = current.Stamp + 1 });
    }

    private UserAccount Existing(string username) =>
        store.State.Users.GetValueOrDefault(username.Trim().ToLowerInvariant()) ?? throw RakorProblem.NotFound("Pengguna", username);

    private CommandReply<UserAccount>? Replay(string? commandId, string kind, string username)
    {
        if (commandId is null || !store.State.Receipts.TryGetValue(commandId, out var receipt)) return null;
        if (receipt.Kind != kind || receipt.Username != username)
            throw RakorProblem.Conflict($"commandId '{commandId}' was already used for another command; send a new commandId.");
        return new CommandReply<UserAccount>(receipt.Result, true, 0);
    }

    private async Task<CommandReply<UserAccount>> Save(string commandId, string kind, UserAccount account)
    {
        store.State.Users[account.Username] = account;
        store.State.Receipts[commandId] = new UserReceipt(kind, account.Username, account);
        await store.WriteStateAsync();
        return new CommandReply<UserAccount>(account, false, 0);
    }
}

[GenerateSerializer, Alias("RakorLive.MeetingDirectoryState")]
public sealed class MeetingDirectoryState
{
    [Id(0)] public Dictionary<string, MeetingSummary> Meetings { get; set; } = [];
    /// <summary>The journal version each line was written at, so a repeated or late outbox item cannot roll a line back.</summary>
    [Id(1)] public Dictionary<string, long> Versions { get; set; } = [];
}

public sealed class MeetingDirectoryGrain(
    [PersistentState("meetings", StorageNames.Default)] IPersistentState<MeetingDirectoryState> store) : Grain, IMeetingDirectoryGrain
{
    public Task<IReadOnlyList<MeetingSummary>> List() =>
        Task.FromResult<IReadOnlyList<MeetingSummary>>([.. store.State.Meetings.Values.OrderByDescending(m => m.ScheduledStart)]);

    public async Task Upsert(MeetingSummary summary, long version)
    {
        if (store.State.Versions.GetValueOrDefault(summary.Id) >= version && store.State.Meetings.ContainsKey(summary.Id)) return;
        store.State.Meetings[summary.Id] = summary;
        store.State.Versions[summary.Id] = version;
        await store.WriteStateAsync();
    }
}
