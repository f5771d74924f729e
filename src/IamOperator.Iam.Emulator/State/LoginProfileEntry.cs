using System.Collections.Immutable;

namespace IamOperator.Iam.Emulator.State;

/// <summary>
/// A user's console password: never kept in clear, only the SHA-256 of the current and earlier passwords
/// (newest first) for the password policy's reuse prevention.
/// </summary>
internal sealed record LoginProfileEntry(DateTimeOffset CreateDate, bool PasswordResetRequired, DateTimeOffset PasswordLastChanged, ImmutableList<string> PasswordHashes);
