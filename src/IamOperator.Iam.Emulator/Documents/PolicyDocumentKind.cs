namespace IamOperator.Iam.Emulator.Documents;

/// <summary>Identity policies (managed and inline) must not name a principal; trust policies must.</summary>
internal enum PolicyDocumentKind
{
    Identity,
    Trust,
}
