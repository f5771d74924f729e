using System.Xml.Linq;

namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>
/// How the emulator answers one IAM action: its name, whether it changes state, and what it does. A null result means no Result element.
/// <see cref="CountsAsWrite"/> is what the statistics record: IAM's own access level, which differs from
/// <see cref="IsWrite"/> where an action IAM lists as a read changes emulator state (GenerateCredentialReport).
/// </summary>
internal sealed record EmulatorActionHandler(string Name, bool IsWrite, Func<IamRequest, XElement?> Handle)
{
    public bool CountsAsWrite { get; init; } = IsWrite;
}
