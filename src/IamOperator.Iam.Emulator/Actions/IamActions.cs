namespace IamOperator.Iam.Emulator;

/// <summary>Every action the emulator answers, one group per area of the IAM API.</summary>
internal static class IamActions
{
    public static ActionTable Table(IamAccount account)
    {
        var table = new ActionTable();
        new UserActions(account).Register(table);
        new GroupActions(account).Register(table);
        return table;
    }
}
