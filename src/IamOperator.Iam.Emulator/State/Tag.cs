namespace IamOperator.Iam.Emulator.State;

internal sealed record Tag(string Key, string Value);
