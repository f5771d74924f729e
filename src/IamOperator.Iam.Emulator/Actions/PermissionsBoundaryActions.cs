using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>Put/Delete User/Role PermissionsBoundary (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPermissionsBoundary.html). Groups have none.</summary>
internal sealed class PermissionsBoundaryActions(IamAccount account)
{
    public void Register(ActionTable table)
    {
        table.Write("PutUserPermissionsBoundary", request =>
        {
            var user = account.RequireUser(NameRules.Name(request, "UserName", NameRules.UserNameLength));
            user.PermissionsBoundaryArn = Boundary(request);
            return null;
        });
        table.Write("DeleteUserPermissionsBoundary", request =>
        {
            account.RequireUser(NameRules.Name(request, "UserName", NameRules.UserNameLength)).PermissionsBoundaryArn = null;
            return null;
        });
        table.Write("PutRolePermissionsBoundary", request =>
        {
            var role = account.RequireRole(NameRules.Name(request, "RoleName", NameRules.RoleNameLength));
            role.PermissionsBoundaryArn = Boundary(request);
            return null;
        });
        table.Write("DeleteRolePermissionsBoundary", request =>
        {
            account.RequireRole(NameRules.Name(request, "RoleName", NameRules.RoleNameLength)).PermissionsBoundaryArn = null;
            return null;
        });
    }

    private string Boundary(IamRequest request)
    {
        var arn = NameRules.Arn(request, "PermissionsBoundary");
        Boundaries.Check(account, arn);
        return arn;
    }
}
