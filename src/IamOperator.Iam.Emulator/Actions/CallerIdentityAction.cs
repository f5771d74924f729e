using System.Xml.Linq;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>
/// sts:GetCallerIdentity on the emulator's endpoint, for requests signed for service sts
/// (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html): who signed the request.
/// A key issued by CreateAccessKey answers its user; a configured key pair answers the account's root user.
/// It is the only STS action the emulator answers: enough to verify a new access key before trusting it.
/// </summary>
internal static class CallerIdentityAction
{
    public const string Action = "GetCallerIdentity";
    public const string ApiVersion = "2011-06-15";
    public static readonly XNamespace Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    /// <summary>STS's answer to an action other than GetCallerIdentity or another Version, as IAM answers its own.</summary>
    public static IamError? Problem(string? action, string? version) =>
        action is null
            ? new IamError("MissingAction", "Missing Action", 400)
            : action == Action && version == ApiVersion
                ? null
                : new IamError("InvalidAction", $"Could not find operation {action} for version {version ?? "NO_VERSION_SPECIFIED"}", 400);

    public static byte[] Answer(IamAccount account, string accessKeyId, string requestId)
    {
        var (userId, arn) = account.KeyOwner(accessKeyId) is { User: var user }
            ? (user.Id, user.Arn)
            : (account.AccountId, $"arn:aws:iam::{account.AccountId}:root");
        return IamXml.Serialize(new XElement(Ns + $"{Action}Response",
            new XElement(Ns + $"{Action}Result",
                new XElement(Ns + "UserId", userId), new XElement(Ns + "Account", account.AccountId), new XElement(Ns + "Arn", arn)),
            new XElement(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", requestId))));
    }
}
