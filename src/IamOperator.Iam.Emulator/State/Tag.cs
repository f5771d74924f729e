namespace IamOperator.Iam.Emulator;

internal sealed record Tag(string Key, string Value);
