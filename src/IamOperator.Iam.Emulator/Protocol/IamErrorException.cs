namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>Carries an <see cref="IamError"/> out of an action to the HTTP front.</summary>
internal sealed class IamErrorException(IamError error) : Exception($"{error.Code}: {error.Message}")
{
    public IamError Error { get; } = error;
}
