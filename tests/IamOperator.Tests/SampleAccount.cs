using IamOperator.Cli;
using IamOperator.Iam;
using IamOperator.Iam.Emulator;

namespace IamOperator.Tests;

/// <summary>An IAM emulator over HTTP as the samples assume it, and a client of it, for CLI tests that count its calls.</summary>
internal static class SampleAccount
{
    /// <summary>
    /// What the samples assume exists outside them: the account 111122223333 their ARNs name, the IAM group
    /// Auditors (joined by IAM name) and the legacy user erin.legacy they adopt. Statistics start at zero.
    /// </summary>
    public static async Task<IamEmulatorServer> StartAsync()
    {
        var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions { AccountId = FolderIamConnection.EmbeddedAccountId }, 0);
        var iam = ClientFor(server);
        await iam.CreateGroupAsync("Auditors", null, default);
        await iam.CreateUserAsync(new CreateUserRequest("erin.legacy"), default);
        server.Statistics.Reset();
        return server;
    }

    /// <summary>A client of <paramref name="server"/> with the documentation's example credential and no pacing to speak of.</summary>
    public static IIamApi ClientFor(IamEmulatorServer server)
    {
        var credential = EmulatorCredential.DocumentationExample;
        return IamClientFactory.Create(new IamClientOptions
        {
            Endpoint = server.Endpoint, Credentials = new StaticIamCredentials(credential.AccessKeyId, credential.SecretAccessKey),
            RequestsPerSecond = 10_000, Burst = 10_000,
        });
    }
}
