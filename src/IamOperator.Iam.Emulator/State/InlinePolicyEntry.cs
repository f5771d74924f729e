namespace IamOperator.Iam.Emulator.State;

internal sealed class InlinePolicyEntry(string name, string document)
{
    public string Name { get; } = name;
    public string Document { get; set; } = document;
}
