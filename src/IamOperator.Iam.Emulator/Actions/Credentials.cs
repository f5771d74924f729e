using IamOperator.Iam.Emulator.Protocol;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>Lookups shared by a user's credentials kept in lists by id (access keys, certificates, SSH keys, service-specific credentials).</summary>
internal static class Credentials
{
    /// <summary>The user's credential with that id, or NoSuchEntity (each Delete…/Update… action's answer for an unknown id).</summary>
    public static T Find<T>(List<T> credentials, Func<T, string> idOf, string id, string noun)
        where T : class =>
        credentials.Find(credential => idOf(credential) == id)
            ?? throw IamError.NoSuchEntity($"The {noun} with id {id} cannot be found.").ToException();

    public static void Remove<T>(List<T> credentials, Func<T, string> idOf, string id, string noun)
        where T : class =>
        credentials.Remove(Find(credentials, idOf, id, noun));
}
