using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using RakorLive.Events;
using RakorLive.Json;

namespace RakorLive.Serialization;

/// <summary>
/// The wire records live in RakorLive.Contracts, which knows nothing of Orleans (the .NET client depends on it alone).
/// Grains carry them as the same JSON the clients read; within a silo they are passed as they are, because every
/// contract type is an immutable record.
/// </summary>
public static class ContractSerialization
{
    public static bool IsContract(Type type) => type.Assembly == typeof(MeetingEvent).Assembly;

    public static ISerializerBuilder AddRakorLiveContracts(this ISerializerBuilder builder)
    {
        builder.AddJsonSerializer(IsContract, _ => false, options => options.Configure(o => o.SerializerOptions = RakorLiveJson.Create()));
        builder.Services.AddSingleton<IGeneralizedCopier, ImmutableContractCopier>();
        return builder;
    }

    private sealed class ImmutableContractCopier : IGeneralizedCopier
    {
        public object? DeepCopy(object? input, CopyContext context) => input;

        public bool IsSupportedType(Type type) => IsContract(type);
    }
}
