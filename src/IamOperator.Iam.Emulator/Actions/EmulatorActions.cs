using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>Every action the emulator answers, one group per area of the IAM API.</summary>
internal static class EmulatorActions
{
    public static ActionTable Table(IamAccount account)
    {
        var table = new ActionTable();
        new UserActions(account).Register(table);
        new GroupActions(account).Register(table);
        new RoleActions(account).Register(table);
        new PolicyActions(account).Register(table);
        new AttachedPolicyActions(account).Register(table);
        new InlinePolicyActions(account).Register(table);
        new PermissionsBoundaryActions(account).Register(table);
        new TagActions(account).Register(table);
        new InstanceProfileActions(account).Register(table);
        new CredentialActions(account).Register(table);
        new PasswordPolicyActions(account).Register(table);
        new CredentialReportActions(account).Register(table);
        new PublicKeyActions(account).Register(table);
        new ServiceSpecificCredentialActions(account).Register(table);
        new VirtualMfaActions(account).Register(table);
        new AccountAuthorizationDetailsAction(account).Register(table);
        new AccountSummaryAction(account).Register(table);
        new SimulationActions(account).Register(table);
        return table;
    }
}
